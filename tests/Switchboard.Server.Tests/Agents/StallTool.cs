using System.Text.Json;
using Switchboard.Agents.Tools;

namespace Switchboard.Server.Tests.Agents;

/// <summary><c>stall</c>: ignores cancellation and takes a minute, so only the tool timeout can end it.</summary>
internal sealed class StallTool : AgentTool
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public override string Name => "stall";

    public override string Description => "Test tool that hangs.";

    public override JsonElement JsonSchema => Schema;

    public override TimeSpan? Timeout => TimeSpan.FromMilliseconds(300);

    public override async ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMinutes(1), CancellationToken.None);
        return "late";
    }
}
