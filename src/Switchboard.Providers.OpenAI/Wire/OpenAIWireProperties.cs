namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>Keys under which the OpenAI codec keeps wire details in <c>AdditionalProperties</c>.</summary>
public static class OpenAIWireProperties
{
    /// <summary>
    /// On <c>ChatOptions</c>: request fields Switchboard does not interpret (e.g. <c>logit_bias</c>, <c>user</c>, a vLLM
    /// <c>top_k</c>), as a <c>IReadOnlyDictionary&lt;string, JsonElement&gt;</c>, forwarded verbatim to OpenAI-compatible
    /// upstreams.
    /// </summary>
    public const string ExtraFields = "openai.extra_fields";

    /// <summary>
    /// On <c>ChatOptions</c>: <c>true</c> when the caller sent <c>max_completion_tokens</c>, <c>false</c> when it sent
    /// <c>max_tokens</c>; absent when it sent neither (the provider's <c>MaxTokensField</c> then decides).
    /// </summary>
    public const string UseMaxCompletionTokens = "openai.max_completion_tokens";

    /// <summary>On <c>ChatOptions</c>: the <c>response_format.json_schema.strict</c> the caller sent, as a <c>bool</c>.</summary>
    public const string StrictResponseFormat = "openai.response_format.strict";

    /// <summary>On an image's <c>AIContent</c>: the <c>image_url.detail</c> the caller sent (<c>low</c>, <c>high</c>, <c>auto</c>).</summary>
    public const string ImageDetail = "openai.image_detail";
}
