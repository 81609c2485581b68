using System.Text.Json;
using Switchboard.Agents.Definitions;

namespace Switchboard.Agents.Tools;

/// <summary>
/// <c>transfer_to_&lt;agent&gt;</c>: hands the conversation to another agent. The runtime carries the handoff out;
/// calling <see cref="InvokeAsync"/> only acknowledges it.
/// </summary>
public sealed class TransferTool : AgentTool
{
    /// <summary>The prefix of every transfer tool's name.</summary>
    public const string Prefix = "transfer_to_";

    private static readonly JsonElement Schema = JsonDocument.Parse(
        """{"type":"object","properties":{"reason":{"type":"string","description":"Why the conversation is handed over, in a sentence."}},"required":["reason"],"additionalProperties":false}""")
        .RootElement.Clone();

    /// <summary>Initializes a new instance of the <see cref="TransferTool"/> class.</summary>
    public TransferTool(AgentDefinition target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target.Name;
        Name = Prefix + target.Name.Replace('-', '_');
        Description = $"Hand the conversation to the '{target.Name}' agent. {target.Description}".TrimEnd();
        Examples = target.Examples;
    }

    /// <summary>Gets the agent the conversation goes to.</summary>
    public string Target { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override string Description { get; }

    /// <inheritdoc />
    public override JsonElement JsonSchema => Schema;

    /// <inheritdoc />
    public override IReadOnlyList<string> Examples { get; }

    /// <inheritdoc />
    public override ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(new { transferred_to = Target });
}
