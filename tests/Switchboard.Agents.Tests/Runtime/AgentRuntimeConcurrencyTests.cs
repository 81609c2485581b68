using Switchboard.Agents.Definitions;
using Switchboard.Agents.Tests.Fakes;

namespace Switchboard.Agents.Tests.Runtime;

public sealed class AgentRuntimeConcurrencyTests
{
    [Fact]
    public async Task TwoMessagesToOneConversation_AreHandledOneAtATime_SoToolResultsStayNextToTheirCall()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new TestTool("slow", async (_, ct) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
            return new { done = true };
        });
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("c1", "slow", """{"order_id":"ORD-1"}"""),
            ScriptedTurn.Answer("first done"),
            ScriptedTurn.Answer("second done"));
        var harness = AgentRuntimeHarness.For(new AgentDefinition { Name = "solo", Model = "test:model", Tools = ["slow"] }, model, slow);
        var conversation = await harness.StartAsync("solo");

        var first = harness.RunAsync(conversation, "first");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var second = harness.RunAsync(conversation, "second");
        await Task.Delay(100);

        // While the first run waits on its tool, the second message is not yet stored.
        Assert.Equal(["user", "assistant"], harness.Messages(conversation).Select(m => m.Role));
        release.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(["user", "assistant", "tool", "assistant", "user", "assistant"], harness.Messages(conversation).Select(m => m.Role));
        var said = harness.Messages(conversation).Where(m => m.Role == "user" || (m.Role == "assistant" && m.ToolCalls.Count == 0)).Select(m => m.Content);
        Assert.Equal(["first", "first done", "second", "second done"], said);
    }
}
