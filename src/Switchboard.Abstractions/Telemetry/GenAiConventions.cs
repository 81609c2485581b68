namespace Switchboard.Abstractions.Telemetry;

/// <summary>
/// Names from the OpenTelemetry semantic conventions for generative AI (and <c>error.type</c>) that Switchboard's
/// metrics and spans use, so that every component spells them the same way.
/// </summary>
public static class GenAiConventions
{
    /// <summary><c>gen_ai.operation.name</c>: chat, invoke_agent or execute_tool.</summary>
    public const string OperationName = "gen_ai.operation.name";

    /// <summary><c>gen_ai.provider.name</c>: the provider's name in the catalog (e.g. <c>openai</c>, <c>ollama</c>).</summary>
    public const string ProviderName = "gen_ai.provider.name";

    /// <summary><c>gen_ai.request.model</c>: the name the caller asked for (a model, route or routing policy).</summary>
    public const string RequestModel = "gen_ai.request.model";

    /// <summary><c>gen_ai.response.model</c>: the model that answered, as <c>provider:model</c>.</summary>
    public const string ResponseModel = "gen_ai.response.model";

    /// <summary><c>gen_ai.response.id</c>: the completion's id.</summary>
    public const string ResponseId = "gen_ai.response.id";

    /// <summary><c>gen_ai.response.finish_reasons</c>: why the model stopped (an array of one).</summary>
    public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";

    /// <summary><c>gen_ai.request.max_tokens</c>.</summary>
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";

    /// <summary><c>gen_ai.request.temperature</c>.</summary>
    public const string RequestTemperature = "gen_ai.request.temperature";

    /// <summary><c>gen_ai.usage.input_tokens</c>.</summary>
    public const string UsageInputTokens = "gen_ai.usage.input_tokens";

    /// <summary><c>gen_ai.usage.output_tokens</c>.</summary>
    public const string UsageOutputTokens = "gen_ai.usage.output_tokens";

    /// <summary><c>gen_ai.token.type</c>: input or output.</summary>
    public const string TokenType = "gen_ai.token.type";

    /// <summary><c>gen_ai.agent.name</c>.</summary>
    public const string AgentName = "gen_ai.agent.name";

    /// <summary><c>gen_ai.conversation.id</c>.</summary>
    public const string ConversationId = "gen_ai.conversation.id";

    /// <summary><c>gen_ai.tool.name</c>.</summary>
    public const string ToolName = "gen_ai.tool.name";

    /// <summary><c>gen_ai.tool.call.id</c>.</summary>
    public const string ToolCallId = "gen_ai.tool.call.id";

    /// <summary><c>gen_ai.tool.type</c>: Switchboard's tools are all <c>function</c>.</summary>
    public const string ToolType = "gen_ai.tool.type";

    /// <summary><c>error.type</c>: a low-cardinality class of the error an operation ended with.</summary>
    public const string ErrorType = "error.type";

    /// <summary>The <c>gen_ai.operation.name</c> of a model call.</summary>
    public const string ChatOperation = "chat";

    /// <summary>The <c>gen_ai.operation.name</c> of an agent run.</summary>
    public const string InvokeAgentOperation = "invoke_agent";

    /// <summary>The <c>gen_ai.operation.name</c> of a tool execution.</summary>
    public const string ExecuteToolOperation = "execute_tool";

    /// <summary>The <c>gen_ai.token.type</c> of input (prompt) tokens.</summary>
    public const string InputTokenType = "input";

    /// <summary>The <c>gen_ai.token.type</c> of output (completion) tokens.</summary>
    public const string OutputTokenType = "output";
}
