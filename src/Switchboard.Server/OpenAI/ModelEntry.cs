namespace Switchboard.Server.OpenAI;

/// <summary>One model of <c>GET /v1/models</c>, with Switchboard's extra fields.</summary>
/// <param name="Id">The canonical name, <c>provider:model</c>.</param>
/// <param name="Object">Always <c>model</c>.</param>
/// <param name="Created">Always 0: the catalog does not know when a model was created.</param>
/// <param name="OwnedBy">The provider.</param>
/// <param name="ContextWindow">The context window in tokens, when configured.</param>
/// <param name="Pricing">USD per one million tokens, when configured.</param>
internal sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy, int? ContextWindow, ModelPricing? Pricing);
