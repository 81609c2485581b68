namespace Switchboard.Agents.Definitions;

/// <summary>
/// Holds the current <see cref="AgentCatalog"/>. The admin API replaces it as a whole when an agent changes; a run
/// takes the catalog once at its start, so it never sees half of a change.
/// </summary>
public sealed class AgentCatalogSource
{
    private AgentCatalog _current;

    /// <summary>Initializes a new instance of the <see cref="AgentCatalogSource"/> class.</summary>
    public AgentCatalogSource(AgentCatalog initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>Gets the current catalog.</summary>
    public AgentCatalog Current => Volatile.Read(ref _current);

    /// <summary>Replaces the catalog.</summary>
    public void Replace(AgentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Volatile.Write(ref _current, catalog);
    }
}
