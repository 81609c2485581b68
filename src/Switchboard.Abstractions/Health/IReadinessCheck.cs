namespace Switchboard.Abstractions.Health;

/// <summary>A dependency that must be reachable before the node takes traffic (<c>GET /ready</c>).</summary>
public interface IReadinessCheck
{
    /// <summary>Gets the dependency's name, shown in the readiness report.</summary>
    string Name { get; }

    /// <summary>Checks the dependency; returns null when healthy, otherwise a short reason.</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
