namespace Switchboard.Gateway.Policies;

/// <summary>What a routing policy chose for one request.</summary>
/// <param name="Target">The route name or canonical model name the request goes to.</param>
/// <param name="Reason">Why, for people: e.g. <c>intent 'refund' (0.91) -&gt; smart</c>. Never contains message text.</param>
public sealed record RoutingDecision(string Target, string Reason);
