using Switchboard.Abstractions.Agents;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Runtime;
using Switchboard.Agents.Tests.Fakes;
using Switchboard.Agents.Tools;
using Switchboard.Agents.Tools.BuiltIn;

namespace Switchboard.Agents.Tests.Runtime;

public sealed class AgentRuntimeHandoffTests
{
    private static readonly AgentDefinition Front = new()
    {
        Name = "front",
        Model = "test:front",
        Instructions = "You are the front desk.",
        Handoffs = ["billing-team"],
        Tools = ["handoff_to_human"],
        Escalation = new EscalationSettings { Team = "billing" },
    };

    private static readonly AgentDefinition Billing = new()
    {
        Name = "billing-team",
        Model = "test:billing",
        Description = "Invoices and charges.",
        Instructions = "You handle billing.",
    };

    [Fact]
    public async Task RunAsync_TransferTool_HandsOverAndTheTargetAnswersInTheSameRun()
    {
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("c1", "transfer_to_billing_team", """{"reason":"A billing question."}"""),
            ScriptedTurn.Answer("Billing here: the charge is for March."));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");

        var events = await harness.RunAsync(conversation, "I have a question about my invoice.");

        Assert.Equal(["message", "message", "tool.call", "tool.result", "message", "handoff"], events.Take(6).Select(e => e.Type));
        Assert.Equal(new HandoffEvent("front", "billing-team", "A billing question.", "tool", null), events[5]);
        Assert.Equal(new RunCompletedEvent("billing-team", AgentSessionStatus.Active, "Billing here: the charge is for March."), events[^1]);
        Assert.Equal(["test:front", "test:billing"], model.Requests.Select(r => r.ModelId));
        Assert.Contains("transfer_to_billing_team", model.Requests[0].Tools);
        Assert.Equal("You handle billing.", model.Requests[1].Messages[0].Text);
        Assert.Equal("billing-team", harness.Messages(conversation)[^1].Author);

        var session = await harness.SessionAsync(conversation);
        Assert.Equal(("billing-team", AgentSessionStatus.Active), (session.CurrentAgent, session.Status));
        var handoff = Assert.Single(await harness.Sessions.ListHandoffsAsync(conversation.Id, CancellationToken.None));
        Assert.Equal(("front", "billing-team", "tool", "A billing question."), (handoff.FromAgent, handoff.ToAgent, handoff.Method, handoff.Reason));

        model.Enqueue(ScriptedTurn.Answer("Anything else?"));
        await harness.RunAsync(conversation, "And the other charge?");
        Assert.Equal("test:billing", model.Requests[^1].ModelId);
    }

    [Fact]
    public async Task RunAsync_HandoffToHumanTool_QueuesTheConversationWithTheModelsReasonAndPriority()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Call(
            "c1", "handoff_to_human", """{"reason":"Disputes a charge.","priority":"urgent","summary":"Charged twice for ORD-1."}"""));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");

        var events = await harness.RunAsync(conversation, "There are two payments for ORD-1 on my statement.");

        Assert.Equal(["message", "message", "tool.call", "tool.result", "message", "escalation", "message", "done"], events.Select(e => e.Type));
        var item = Assert.Single(harness.Queue.Items);
        Assert.Equal(
            (conversation.Id, "front", "Disputes a charge.", QueuePriority.Urgent, "billing", "Charged twice for ORD-1.", QueueItemStatus.Waiting),
            (item.ConversationId, item.Agent, item.Reason, item.Priority, item.Team, item.Summary, item.Status));
        Assert.Equal(new EscalationEvent(item.Id, "front", "Disputes a charge.", QueuePriority.Urgent, "billing"), events[5]);
        Assert.Equal(new RunCompletedEvent("front", AgentSessionStatus.Escalated, AgentRuntime.HandoverEnglish), events[^1]);
        var handover = harness.Messages(conversation)[^1];
        Assert.Equal(("assistant", AgentRuntime.HandoverEnglish, "front", "handoff"), (handover.Role, handover.Content, handover.Author, handover.FinishReason));
        Assert.Equal(AgentSessionStatus.Escalated, (await harness.SessionAsync(conversation)).Status);
        var handoff = Assert.Single(await harness.Sessions.ListHandoffsAsync(conversation.Id, CancellationToken.None));
        Assert.Equal(("front", AgentCatalog.HumanRoute, "escalation"), (handoff.FromAgent, handoff.ToAgent, handoff.Method));
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task RunAsync_AStreamedRunLeftAtTheHandoffsToolResult_StillQueuesTheConversation()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Call("c1", "handoff_to_human", """{"reason":"Needs a person."}"""));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");

        // A streaming endpoint stops reading when its client goes away: the run is disposed at the event it was on.
        await foreach (var e in harness.Runtime.RunAsync(conversation, "Get me a person", CancellationToken.None))
        {
            if (e is ToolResultEvent)
            {
                break;
            }
        }

        Assert.Equal(AgentSessionStatus.Escalated, (await harness.SessionAsync(conversation)).Status);
        Assert.Single(harness.Queue.Items);
        Assert.Equal(AgentRuntime.HandoverEnglish, harness.Messages(conversation)[^1].Content);
    }

    [Fact]
    public async Task RunAsync_AnOperatorReturnsTheConversationWhileTheMessageIsStored_TheBotAnswersIt()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("I can help with that."));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");
        await harness.Sessions.SaveAsync(conversation.Id, "front", AgentSessionStatus.Human, 0, CancellationToken.None);

        // The operator's return lands while the customer's message is being written.
        harness.Conversations.WhileAppending = messages =>
        {
            if (messages[0].Role == "user")
            {
                harness.Sessions.SaveAsync(conversation.Id, "front", AgentSessionStatus.Active, 0, CancellationToken.None).GetAwaiter().GetResult();
            }
        };

        var events = await harness.RunAsync(conversation, "Hello? Is anyone there?");

        Assert.Equal(new RunCompletedEvent("front", AgentSessionStatus.Active, "I can help with that."), events[^1]);
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task RunAsync_SameTextAfterAFailedRun_IsAnsweredWithoutBeingStoredTwice()
    {
        var model = new ScriptedChatClient();
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.RunAsync(conversation, "Where is my parcel?"));
        var unanswered = Assert.Single(harness.Messages(conversation));

        model.Enqueue(ScriptedTurn.Answer("Let me look."));
        var events = await harness.RunAsync(conversation, "Where is my parcel?");

        Assert.Equal(unanswered, Assert.IsType<MessageStoredEvent>(events[0]).Message);
        Assert.Equal(["Where is my parcel?", "Let me look."], harness.Messages(conversation).Select(m => m.Content));
        Assert.Equal(["Where is my parcel?"], model.Requests[^1].Messages.Where(m => m.Role == Microsoft.Extensions.AI.ChatRole.User).Select(m => m.Text));
    }

    [Fact]
    public async Task RunAsync_SameTextAfterARunThatFailedAfterAToolCall_GoesOnFromTheStoredToolResult()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Call("c1", "get_order_status", """{"order_id":"ORD-1001"}"""));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.RunAsync(conversation, "Where is ORD-1001?"));
        Assert.Equal(["user", "assistant", "tool"], harness.Messages(conversation).Select(m => m.Role));

        model.Enqueue(ScriptedTurn.Answer("It has shipped."));
        await harness.RunAsync(conversation, "Where is ORD-1001?");

        Assert.Equal(["user", "assistant", "tool", "assistant"], harness.Messages(conversation).Select(m => m.Role));
        Assert.Single(model.Requests[^1].Messages, m => m.Role == Microsoft.Extensions.AI.ChatRole.User);
        Assert.Single(model.Requests[^1].ToolResults);
    }

    [Theory]
    [InlineData(AgentSessionStatus.Escalated)]
    [InlineData(AgentSessionStatus.Human)]
    public async Task RunAsync_SameTextTwiceWhileAPersonOwnsTheConversation_IsStoredTwice(string status)
    {
        var harness = Desk(new ScriptedChatClient());
        var conversation = await harness.StartAsync("desk");
        await harness.Sessions.SaveAsync(conversation.Id, "billing-team", status, 0, CancellationToken.None);

        await harness.RunAsync(conversation, "Hello?");
        await harness.RunAsync(conversation, "Hello?");

        Assert.Equal(["Hello?", "Hello?"], harness.Messages(conversation).Select(m => m.Content));
    }

    [Fact]
    public async Task RunAsync_HandoffToHumanWithoutSummary_QueuesTheConversationsOwnSummary()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Call("c1", "handoff_to_human", """{"reason":"Needs a person."}"""));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");

        await harness.RunAsync(conversation, "Where is my parcel ORD-1001?");

        var item = Assert.Single(harness.Queue.Items);
        Assert.Equal(QueuePriority.Normal, item.Priority);
        Assert.StartsWith("Customer asked: Where is my parcel ORD-1001?", item.Summary, StringComparison.Ordinal);
        Assert.Contains("Tools used: handoff_to_human", item.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I want to talk to a person", AgentRuntime.HandoverEnglish)]
    [InlineData("转人工", AgentRuntime.HandoverChinese)]
    public async Task RunAsync_RequestForAPerson_EscalatesWithoutCallingTheModel(string message, string handover)
    {
        var model = new ScriptedChatClient();
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");

        var events = await harness.RunAsync(conversation, message);

        Assert.Empty(model.Requests);
        Assert.Equal(["message", "escalation", "message", "done"], events.Select(e => e.Type));
        var item = Assert.Single(harness.Queue.Items);
        Assert.Equal(("The customer asked for a person.", QueuePriority.Normal, "billing"), (item.Reason, item.Priority, item.Team));
        Assert.StartsWith("Customer asked: " + message, item.Summary, StringComparison.Ordinal);
        Assert.Equal([message, handover], harness.Messages(conversation).Select(m => m.Content));
        Assert.Equal(new RunCompletedEvent("front", AgentSessionStatus.Escalated, handover), events[^1]);
    }

    [Theory]
    [InlineData(AgentSessionStatus.Escalated)]
    [InlineData(AgentSessionStatus.Human)]
    public async Task RunAsync_WhileAPersonOwnsTheConversation_StoresTheMessageAndStaysSilent(string status)
    {
        var model = new ScriptedChatClient();
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");
        await harness.Sessions.SaveAsync(conversation.Id, "billing-team", status, 0, CancellationToken.None);

        var events = await harness.RunAsync(conversation, "Hello? Is anyone there?");

        Assert.Equal(["message", "done"], events.Select(e => e.Type));
        Assert.Equal(new RunCompletedEvent("billing-team", status, null), events[^1]);
        Assert.Empty(model.Requests);
        Assert.Equal("Hello? Is anyone there?", Assert.Single(harness.Messages(conversation)).Content);
        Assert.Equal(status, (await harness.SessionAsync(conversation)).Status);
    }

    [Fact]
    public async Task RunAsync_OperatorReturnsTheConversationAsSoonAsItIsQueued_KeepsTheOperatorsStatus()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("Front desk again."));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");
        harness.Queue.AfterEnqueue = async item =>
        {
            // What POST /api/v1/handoff-queue/{id}/return does, before the run has finished escalating.
            Assert.Equal(AgentSessionStatus.Escalated, (await harness.SessionAsync(conversation)).Status);
            await harness.Queue.CloseAsync(item.Id, QueueItemStatus.Returned, "ana", CancellationToken.None);
            await harness.Sessions.SaveAsync(conversation.Id, "front", AgentSessionStatus.Active, 0, CancellationToken.None);
        };

        await harness.RunAsync(conversation, "I want to talk to a person");
        harness.Queue.AfterEnqueue = null;
        var next = await harness.RunAsync(conversation, "Never mind");

        Assert.Equal(AgentSessionStatus.Active, (await harness.SessionAsync(conversation)).Status);
        Assert.Equal(new RunCompletedEvent("front", AgentSessionStatus.Active, "Front desk again."), next[^1]);
    }

    [Fact]
    public async Task RunAsync_QueueCannotTakeTheEscalation_TheBotKeepsTheConversation()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("Front desk here."));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");
        harness.Queue.EnqueueFailure = new InvalidOperationException("The queue is not writable.");

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.RunAsync(conversation, "I want to talk to a person"));
        harness.Queue.EnqueueFailure = null;
        var next = await harness.RunAsync(conversation, "Hello?");

        Assert.Empty(harness.Queue.Items);
        Assert.Equal(new RunCompletedEvent("front", AgentSessionStatus.Active, "Front desk here."), next[^1]);
    }

    [Fact]
    public async Task RunAsync_AfterEscalation_TheNextMessageGetsNoBotReply()
    {
        var model = new ScriptedChatClient();
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");
        await harness.RunAsync(conversation, "I want to talk to a person");

        var events = await harness.RunAsync(conversation, "Still waiting...");

        Assert.Equal(new RunCompletedEvent("front", AgentSessionStatus.Escalated, null), events[^1]);
        Assert.Empty(model.Requests);
        Assert.Single(harness.Queue.Items);
        Assert.Equal("Still waiting...", harness.Messages(conversation)[^1].Content);
    }

    [Fact]
    public async Task RunAsync_AfterResolution_TheEntryAgentAnswersAgain()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("Front desk, how can I help?"));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");
        await harness.Sessions.SaveAsync(conversation.Id, "billing-team", AgentSessionStatus.Resolved, 1, CancellationToken.None);

        var events = await harness.RunAsync(conversation, "One more question");

        Assert.Equal(new RunCompletedEvent("front", AgentSessionStatus.Active, "Front desk, how can I help?"), events[^1]);
        Assert.Equal("test:front", Assert.Single(model.Requests).ModelId);
        var session = await harness.SessionAsync(conversation);
        Assert.Equal(("front", AgentSessionStatus.Active, 0), (session.CurrentAgent, session.Status, session.FailedTurns));
    }

    [Fact]
    public async Task RunAsync_TwoFailedTurnsInARow_Escalate()
    {
        const string Unsure = """{"out_of_scope":true,"confidence":0.1}""";
        var model = new ScriptedChatClient(
            ScriptedTurn.WithMetadata("Sorry, I can't help with that.", Unsure),
            ScriptedTurn.WithMetadata("Sorry, I still can't help with that.", Unsure));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");

        var first = await harness.RunAsync(conversation, "Can you fix my fridge?");

        Assert.Equal(new RunCompletedEvent("front", AgentSessionStatus.Active, "Sorry, I can't help with that."), first[^1]);
        Assert.Equal(1, (await harness.SessionAsync(conversation)).FailedTurns);
        Assert.Empty(harness.Queue.Items);

        var second = await harness.RunAsync(conversation, "It makes a humming noise.");

        Assert.Equal(["message", "message", "escalation", "message", "done"], second.Where(e => e is not TextDeltaEvent).Select(e => e.Type));
        var item = Assert.Single(harness.Queue.Items);
        Assert.Equal(("The bot could not answer 2 turns in a row.", QueuePriority.Normal), (item.Reason, item.Priority));
        Assert.Equal(AgentSessionStatus.Escalated, (await harness.SessionAsync(conversation)).Status);
    }

    [Fact]
    public async Task RunAsync_ConfidentAnswerBetweenFailedTurns_ResetsTheCount()
    {
        var model = new ScriptedChatClient(
            ScriptedTurn.WithMetadata("Not sure.", """{"confidence":0.2}"""),
            ScriptedTurn.WithMetadata("We open at nine.", """{"confidence":0.9}"""),
            ScriptedTurn.WithMetadata("Not sure.", """{"confidence":0.2}"""));
        var harness = Desk(model);
        var conversation = await harness.StartAsync("desk");

        await harness.RunAsync(conversation, "Can you fix my fridge?");
        await harness.RunAsync(conversation, "When do you open?");
        var last = await harness.RunAsync(conversation, "Can you fix my oven?");

        Assert.Empty(harness.Queue.Items);
        Assert.Equal(AgentSessionStatus.Active, ((RunCompletedEvent)last[^1]).Status);
        Assert.Equal(1, (await harness.SessionAsync(conversation)).FailedTurns);
    }

    [Fact]
    public async Task RunAsync_ConversationNamingNoAgent_Throws()
    {
        var harness = Desk(new ScriptedChatClient());
        var conversation = await harness.StartAsync("nobody");

        await Assert.ThrowsAsync<ArgumentException>(() => harness.RunAsync(conversation, "hi"));
        Assert.Empty(harness.Messages(conversation));
    }

    private static AgentRuntimeHarness Desk(ScriptedChatClient model)
    {
        var tools = MethodTool.FromInstance(new SupportTools(new FakeOrderStore(), new FakeKnowledgeSearch())).Cast<AgentTool>().ToArray();
        return new AgentRuntimeHarness([new AgentTeam("desk", string.Empty, "front", [Front, Billing], "test")], model, tools);
    }
}
