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

    /// <summary>On <c>ChatOptions</c>: <c>true</c> when the caller sent <c>max_completion_tokens</c> rather than <c>max_tokens</c>.</summary>
    public const string UseMaxCompletionTokens = "openai.max_completion_tokens";
}
