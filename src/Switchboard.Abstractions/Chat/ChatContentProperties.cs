namespace Switchboard.Abstractions.Chat;

/// <summary>Well-known keys Switchboard stores in <c>AdditionalProperties</c> of chat types.</summary>
public static class ChatContentProperties
{
    /// <summary>
    /// On a <c>FunctionCallContent</c>: the arguments exactly as the model produced them (JSON text), kept so that a
    /// gateway forwards them byte for byte, even when they are not valid JSON.
    /// </summary>
    public const string RawArguments = "switchboard.raw_arguments";

    /// <summary>
    /// On a content, or on a tool declaration: a prompt-cache breakpoint the caller set, as Anthropic's
    /// <c>cache_control</c> object (a <c>JsonElement</c>, e.g. <c>{"type":"ephemeral"}</c>). Read from Anthropic requests
    /// and from OpenAI-format content parts that carry one; written to Anthropic upstreams, ignored by others.
    /// </summary>
    public const string PromptCacheBreakpoint = "anthropic.cache_control";

    /// <summary>On a <c>ChatResponse</c>, or on the first update of a stream: the name of the provider that served it.</summary>
    public const string Provider = "switchboard.provider";

    /// <summary>
    /// On a <c>ChatResponse</c> or update: a <c>JsonElement</c> object describing how Switchboard produced the answer
    /// (for the built-in engine: intent, confidence, matched FAQ entry, slots, sentiment). The OpenAI-compatible API
    /// returns it as the extra field <c>switchboard</c>.
    /// </summary>
    public const string Metadata = "switchboard.metadata";

    /// <summary>
    /// On <c>ChatOptions</c>: a route, routing policy or model name (a <c>string</c>) that replaces
    /// <c>ChatOptions.ModelId</c> and whatever a routing policy would have chosen. The HTTP APIs set it from the
    /// <c>x-switchboard-route</c> request header; other callers (the agent runtime) may set it directly.
    /// </summary>
    public const string RouteOverride = "switchboard.route_override";

    /// <summary>
    /// On a <c>ChatResponse</c>, or on the first update of a stream: the route or model (a <c>string</c>) that a routing
    /// policy or a route override chose. Absent when the caller named a route or model itself.
    /// </summary>
    public const string Route = "switchboard.route";

    /// <summary>
    /// On a <c>ChatResponse</c>, or on the first update of a stream: why <see cref="Route"/> was chosen (a <c>string</c>),
    /// e.g. <c>intent 'refund' (0.91) -&gt; smart</c>.
    /// </summary>
    public const string RouteReason = "switchboard.route_reason";

    /// <summary>On a <c>ChatResponse</c>: the model id the upstream reported.</summary>
    public const string UpstreamModel = "switchboard.upstream_model";

    /// <summary>
    /// On a tool (<c>AITool.AdditionalProperties</c>): example utterances (<c>IReadOnlyList&lt;string&gt;</c>) the tool
    /// serves; the <c>builtin</c> model chooses tools by them. Other providers ignore it.
    /// </summary>
    public const string ToolExamples = "switchboard.tool_examples";

    /// <summary>
    /// On <c>ChatOptions</c>: how the response cache treats this request (a <c>string</c>, one of
    /// <see cref="ResponseCacheControl"/>): <c>no-cache</c> does not read the cache but stores the fresh answer,
    /// <c>no-store</c> neither reads nor stores, <c>force</c> caches the answer even when the request is not
    /// deterministic. The HTTP APIs set it from <c>Cache-Control: no-cache|no-store</c> and
    /// <c>x-switchboard-cache: force</c>; the cache stage removes it before the stages below see the options.
    /// </summary>
    public const string CacheControl = "switchboard.cache_control";

    /// <summary>
    /// On a <c>ChatResponse</c>, or on the first update of a stream: what the response cache did (a <c>string</c>, one
    /// of <see cref="ResponseCacheStatus"/>): <c>hit</c>, <c>miss</c> or <c>bypass</c>. A hit carries the usage of the
    /// original call, so that the ledger can tally what the cache saved.
    /// </summary>
    public const string CacheStatus = "switchboard.cache";

    /// <summary>
    /// On a <c>ChatResponse</c>, or on the first update of a stream: the USD amount (a <c>decimal</c>) the budget stage
    /// reserved for the call before it was made (its worst case). Absent when no budget applied.
    /// </summary>
    public const string BudgetReservation = "switchboard.budget_reserved_usd";

    /// <summary>
    /// On a stream's update (a <c>bool</c>, true): the update's <c>UsageContent</c> is a running figure, not the call's
    /// total (Anthropic's <c>message_start</c> carries the input tokens and the first output token). A stage that settles
    /// or counts by usage must not take it as final when the stream stops before a later usage replaces it.
    /// </summary>
    public const string RunningUsage = "switchboard.running_usage";

    /// <summary>
    /// The routing policy a call was requested under (a string), set on the options by the policy stage for the stages
    /// below it, whose <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/> is then the policy's choice: rate
    /// limits on a policy's name count the calls made under it.
    /// </summary>
    public const string Policy = "switchboard.policy";

    /// <summary>
    /// On a <c>TextContent</c> (a <c>bool</c>, true): the text is the model's refusal (OpenAI's <c>refusal</c> field)
    /// rather than its answer. Everything that reads text still sees it as text; the OpenAI writers put it back in the
    /// <c>refusal</c> field, where clients look for it. Use <see cref="RefusalText"/>.
    /// </summary>
    public const string Refusal = "switchboard.refusal";
}
