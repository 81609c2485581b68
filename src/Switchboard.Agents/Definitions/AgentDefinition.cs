using System.Text.Json;

namespace Switchboard.Agents.Definitions;

/// <summary>An agent: who it is, which model answers for it, which tools and handoffs it has, and its limits.</summary>
public sealed record AgentDefinition
{
    /// <summary>Gets the agent's name (lower-case letters, digits, <c>-</c> and <c>_</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the agent does, in words (shown to routers and in the admin API).</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Gets the system prompt; <c>{{name}}</c> placeholders are filled from <see cref="Variables"/> and the built-ins.</summary>
    public string Instructions { get; init; } = string.Empty;

    /// <summary>Gets the values of the instructions' placeholders.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the model: <c>provider:model</c>, a bare model id, or a route name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the names of the tools the agent may call.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Gets the agents it may hand the conversation to (each becomes a <c>transfer_to_&lt;agent&gt;</c> tool).</summary>
    public IReadOnlyList<string> Handoffs { get; init; } = [];

    /// <summary>Gets utterances this agent handles; routers and the <c>builtin</c> model choose it by them.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>Gets the most model calls one user message may cause (default 10).</summary>
    public int MaxTurns { get; init; } = 10;

    /// <summary>Gets the sampling temperature; null for the model's default.</summary>
    public double? Temperature { get; init; }

    /// <summary>Gets the most output tokens per model call; null for the model's default.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Gets the most tool calls of one model turn that run at once (default 4).</summary>
    public int MaxParallelTools { get; init; } = 4;

    /// <summary>
    /// Gets the most tool calls of one model turn that run (default 16); the model is told that the rest did not, so
    /// one answer asking for hundreds of calls cannot hold the conversation for hours.
    /// </summary>
    public int MaxToolCalls { get; init; } = 16;

    /// <summary>Gets the default time limit of one tool execution (default 30 s).</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how many model turns in a row may end with only failed tool calls before the run stops (default 3).</summary>
    public int MaxConsecutiveToolErrors { get; init; } = 3;

    /// <summary>Gets when the agent hands the conversation to a person.</summary>
    public EscalationSettings Escalation { get; init; } = new();

    /// <summary>Gets how much history the model sees.</summary>
    public ContextSettings Context { get; init; } = new();

    /// <summary>Gets the routing settings when this agent is a router; null otherwise.</summary>
    public RouterSettings? Router { get; init; }

    /// <summary>Gets a JSON schema the final answer must match; null for free text.</summary>
    public JsonElement? OutputSchema { get; init; }

    /// <summary>Gets the file the definition came from; null for one built in code.</summary>
    public string? Source { get; init; }
}
