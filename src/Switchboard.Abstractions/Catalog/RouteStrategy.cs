namespace Switchboard.Abstractions.Catalog;

/// <summary>How a route orders its targets for a request; the rest of the order is the fallback chain.</summary>
public enum RouteStrategy
{
    /// <summary>As configured: the first target first (a fallback chain).</summary>
    Ordered,

    /// <summary>Weighted random, without replacement: spreads load across deployments in proportion to their weights.</summary>
    Weighted,

    /// <summary>Fewest calls in flight first (ties in configured order).</summary>
    LeastBusy,
}
