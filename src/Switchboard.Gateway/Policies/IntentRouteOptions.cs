namespace Switchboard.Gateway.Policies;

/// <summary>The configuration shape of one label of an <c>intent</c> policy (<c>Switchboard:Policies:&lt;name&gt;:Intents:&lt;label&gt;</c>).</summary>
public sealed class IntentRouteOptions
{
    /// <summary>Gets example utterances of this label (a handful to a few dozen, any language). Required.</summary>
    public List<string> Examples { get; } = [];

    /// <summary>Gets or sets the route or model that serves messages of this label. Required.</summary>
    public string? Target { get; set; }
}
