namespace Switchboard.Server.Health;

/// <summary>The body of <c>GET /api/v1/admin/circuits</c>.</summary>
/// <param name="Circuits">Each target's circuit state, by <c>provider:model</c>.</param>
internal sealed record CircuitReport(IReadOnlyDictionary<string, string> Circuits);
