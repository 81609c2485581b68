namespace Switchboard.Gateway.Catalog;

/// <summary>The configuration shape of one model.</summary>
public sealed class ModelOptions
{
    /// <summary>Gets or sets the model's name in the catalog. Required.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the model id sent upstream.</summary>
    /// <value>The default is <see cref="Id"/>.</value>
    public string? UpstreamId { get; set; }

    /// <summary>Gets or sets the context window in tokens.</summary>
    public int? ContextWindow { get; set; }

    /// <summary>Gets or sets the USD price per one million input tokens. Unknown prices stay unknown, never $0.</summary>
    public decimal? InputPricePerMillion { get; set; }

    /// <summary>Gets or sets this model's time-to-first-token limit in seconds, overriding the provider's.</summary>
    public double? FirstTokenTimeoutSeconds { get; set; }

    /// <summary>Gets or sets this model's total timeout in seconds; it can only tighten the provider's <c>TimeoutSeconds</c>.</summary>
    public double? TimeoutSeconds { get; set; }

    /// <summary>Gets or sets the USD price per one million output tokens.</summary>
    public decimal? OutputPricePerMillion { get; set; }

    /// <summary>Gets or sets the USD price per one million input tokens read from the provider's prompt cache.</summary>
    /// <value>The default (null) charges them at <see cref="InputPricePerMillion"/>.</value>
    public decimal? CachedInputPricePerMillion { get; set; }

    /// <summary>Gets or sets the USD price per one million input tokens written to the provider's prompt cache (Anthropic).</summary>
    /// <value>The default (null) charges them at <see cref="InputPricePerMillion"/>.</value>
    public decimal? CacheWritePricePerMillion { get; set; }
}
