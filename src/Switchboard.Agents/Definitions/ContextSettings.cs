namespace Switchboard.Agents.Definitions;

/// <summary>How much of a conversation the model sees.</summary>
public sealed record ContextSettings
{
    /// <summary>Gets how many of the latest messages are sent as they are (default 20).</summary>
    public int MaxMessages { get; init; } = 20;

    /// <summary>Gets how many older messages are read into the running summary (default 200).</summary>
    public int SummaryWindow { get; init; } = 200;

    /// <summary>Gets the longest running summary, in characters (default 1500).</summary>
    public int MaxSummaryChars { get; init; } = 1500;
}
