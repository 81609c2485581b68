namespace Switchboard.Abstractions.Streaming;

/// <summary>
/// The most the provider adapters read of one upstream answer, so that a faulty or hostile upstream cannot make the
/// gateway buffer without end. A stream's limit is per event (<see cref="SseEventReader.MaxLineLength"/>).
/// </summary>
public static class UpstreamBodyLimits
{
    /// <summary>The longest non-streaming answer read: 64 MiB, far above any model's largest completion.</summary>
    public const int MaxAnswerBytes = 64 * 1024 * 1024;

    /// <summary>The longest error body read for its message: 1 MiB. A longer one is reported by its status alone.</summary>
    public const int MaxErrorBytes = 1024 * 1024;
}
