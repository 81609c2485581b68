namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Reads recorded wire payloads from the Fixtures folder.</summary>
public static class Fixture
{
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath));

    /// <summary>Splits a recorded SSE stream into its events (each without the trailing blank line).</summary>
    public static IReadOnlyList<string> SseEvents(string relativePath) =>
        Read(relativePath).Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
