namespace Switchboard.Server.OpenAI;

/// <summary>One entry of <c>GET /v1/models</c>, with Switchboard's extra fields: a model, a route or a routing policy.</summary>
/// <param name="Id">The canonical name, <c>provider:model</c>, or the route's or policy's name.</param>
/// <param name="Object">Always <c>model</c>, so that OpenAI clients list routes and policies as usable models.</param>
/// <param name="Created">Always 0: the catalog does not know when a model was created.</param>
/// <param name="OwnedBy">The provider; <see cref="RouteOwner"/> for a route, <see cref="PolicyOwner"/> for a policy.</param>
/// <param name="ContextWindow">The context window in tokens, when configured.</param>
/// <param name="Pricing">USD per one million tokens, when configured.</param>
internal sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy, int? ContextWindow, ModelPricing? Pricing)
{
    /// <summary>The <c>owned_by</c> of a route (no provider can have this name: provider names have no ':').</summary>
    public const string RouteOwner = "switchboard:route";

    /// <summary>The <c>owned_by</c> of a routing policy.</summary>
    public const string PolicyOwner = "switchboard:policy";

    /// <summary>Gets the targets of a route (in order) or the routes and models a policy may choose.</summary>
    public IReadOnlyList<string>? Targets { get; init; }

    /// <summary>Gets a policy's kind: <c>intent</c> or <c>complexity</c>.</summary>
    public string? PolicyKind { get; init; }
}
