using System.Diagnostics.Metrics;
using Switchboard.Abstractions.Telemetry;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// Counts open Server-Sent Event streams (<c>switchboard.sse.active_streams</c>, by API): a stream counts from its
/// first header until the response is finished, however it ends.
/// </summary>
internal sealed class SseStreamTracker : IDisposable
{
    /// <summary>The <c>api</c> label of <c>POST /v1/chat/completions</c>.</summary>
    public const string OpenAI = "openai";

    /// <summary>The <c>api</c> label of <c>POST /v1/messages</c>.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>The <c>api</c> label of a plain conversation's messages.</summary>
    public const string Conversations = "conversations";

    /// <summary>The <c>api</c> label of an agent conversation's messages.</summary>
    public const string Agents = "agents";

    private static readonly UpDownCounter<long> ActiveStreams = SwitchboardTelemetry.Meter.CreateUpDownCounter<long>(
        "switchboard.sse.active_streams", "{stream}", "Server-Sent Event streams open right now, by API.");

    private readonly KeyValuePair<string, object?> _api;
    private int _disposed;

    private SseStreamTracker(string api)
    {
        _api = new KeyValuePair<string, object?>("api", api);
        ActiveStreams.Add(1, _api);
    }

    /// <summary>Counts the stream of <paramref name="response"/> as open until the response is disposed.</summary>
    /// <param name="response">The streaming response.</param>
    /// <param name="api">One of the constants of this class.</param>
    public static void Track(HttpResponse response, string api)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.RegisterForDispose(new SseStreamTracker(api));
    }

    /// <summary>Counts the stream as closed (once).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ActiveStreams.Add(-1, _api);
        }
    }
}
