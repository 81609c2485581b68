using Switchboard.Abstractions.Governance;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Tests.Fakes;

namespace Switchboard.Agents.Tests.Runtime;

public sealed class AgentCallContextTests
{
    private static readonly AgentDefinition Helper = new()
    {
        Name = "helper",
        Model = "test:helper",
        Instructions = "You help.",
        Tools = ["lookup_order"],
    };

    private static readonly ModelCallContext Caller = new() { TenantId = "acme", KeyId = "key_1", UserId = "alice" };

    [Fact]
    public async Task RunAsync_ToolLoop_EveryStepOfEveryModelCallIsChargedToTheAgentAndTheRun()
    {
        var tool = new TestTool("lookup_order", (_, _) => Task.FromResult<object?>(new { status = "shipped" }));
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("c1", "lookup_order", """{"order_id":"ORD-1"}"""),
            ScriptedTurn.Answer("It shipped on Monday."));
        var harness = AgentRuntimeHarness.For(Helper, model, tool);
        var conversation = await harness.StartAsync("helper");

        using (ModelCallContext.Push(Caller))
        {
            await harness.RunAsync(conversation, "Where is ORD-1?");

            // The agent's narrower context never leaks back to the caller.
            Assert.Same(Caller, ModelCallContext.Current);
        }

        Assert.Equal(2, model.Requests.Count);
        var seen = model.Requests.SelectMany(r => r.Contexts).ToList();

        // Both streams: the request, each update and the end.
        Assert.True(seen.Count >= 8, $"Only {seen.Count} steps were seen.");
        Assert.All(seen, context =>
        {
            Assert.NotNull(context);
            Assert.Equal(
                ("acme", "key_1", "alice", "helper", conversation.Id),
                (context.TenantId, context.KeyId, context.UserId, context.Agent, context.ConversationId));
            Assert.Matches("^run_[0-9a-z]{26}$", context.AgentRunId);
        });
        Assert.Single(seen.Select(c => c!.AgentRunId).Distinct());
    }

    [Fact]
    public async Task RunAsync_NoCallerContext_ChargesTheDefaultTenant()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("Hello there."));
        var harness = AgentRuntimeHarness.For(Helper with { Tools = [] }, model);
        var conversation = await harness.StartAsync("helper");

        await harness.RunAsync(conversation, "hi");

        Assert.All(Assert.Single(model.Requests).Contexts, context =>
        {
            Assert.NotNull(context);
            Assert.Equal((ModelCallContext.DefaultTenant, "helper"), (context.TenantId, context.Agent));
        });
        Assert.Null(ModelCallContext.Current);
    }

    [Fact]
    public async Task RunAsync_TwoMessages_AreTwoRuns()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("One."), ScriptedTurn.Answer("Two."));
        var harness = AgentRuntimeHarness.For(Helper with { Tools = [] }, model);
        var conversation = await harness.StartAsync("helper");

        await harness.RunAsync(conversation, "first");
        await harness.RunAsync(conversation, "second");

        var runs = model.Requests.Select(r => r.Contexts[0]!.AgentRunId).ToList();
        Assert.Equal(2, runs.Count);
        Assert.NotEqual(runs[0], runs[1]);
    }

    [Fact]
    public async Task RunAsync_CallerNamesAConversation_KeepsIt()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("Hello there."));
        var harness = AgentRuntimeHarness.For(Helper with { Tools = [] }, model);
        var conversation = await harness.StartAsync("helper");

        using (ModelCallContext.Push(Caller with { ConversationId = "conv_from_caller" }))
        {
            await harness.RunAsync(conversation, "hi");
        }

        Assert.All(Assert.Single(model.Requests).Contexts, context => Assert.Equal("conv_from_caller", context!.ConversationId));
    }
}
