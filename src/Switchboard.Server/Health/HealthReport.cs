namespace Switchboard.Server.Health;

/// <summary>The body of <c>/health</c> and <c>/ready</c>.</summary>
/// <param name="Status">healthy, ready or not_ready.</param>
/// <param name="Checks">Each dependency's state: ok, or why not.</param>
internal sealed record HealthReport(string Status, IReadOnlyDictionary<string, string>? Checks);
