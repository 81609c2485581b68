using System.Text.Json;
using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Tests;

public sealed class AgentToolTests
{
    [Fact]
    public async Task A_tool_reads_its_arguments_and_reports_a_missing_one()
    {
        var tool = new EchoTool();
        var arguments = JsonDocument.Parse("""{"text":"hi"}""").RootElement;
        Assert.Equal("hi", await tool.InvokeAsync(new ToolInvocation("conv_1", "a", "call_1", arguments), CancellationToken.None));

        var empty = JsonDocument.Parse("{}").RootElement;
        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(new ToolInvocation("conv_1", "a", "call_1", empty), CancellationToken.None));
        Assert.Equal("'text' is required.", error.Message);
    }

    private sealed class EchoTool : AgentTool
    {
        public override string Name => "echo";

        public override ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
            ValueTask.FromResult<object?>(GetString(invocation, "text"));
    }
}
