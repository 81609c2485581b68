using Switchboard.Abstractions.Agents;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Runtime;
using Switchboard.Agents.Tests.Fakes;

namespace Switchboard.Agents.Tests.Runtime;

public sealed class AgentRuntimeRouterTests
{
    /// <summary>A follow-up that fits no route well: the classifier's confidence stays below the threshold.</summary>
    private const string FollowUp = "yes, the blue one";

    [Fact]
    public async Task RunAsync_ClassifierRouter_SendsTheMessageToTheMatchingSpecialist()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("Let me look that order up."));
        var harness = new AgentRuntimeHarness([Desk("classifier")], model);
        var conversation = await harness.StartAsync("desk");

        var events = await harness.RunAsync(conversation, "where is my order");

        var handoff = Assert.IsType<HandoffEvent>(events[1]);
        Assert.Equal(("router", "order", "classifier"), (handoff.From, handoff.To, handoff.Method));
        Assert.InRange(handoff.Confidence ?? 0, 0.5, 1);
        Assert.Equal("test:order", Assert.Single(model.Requests).ModelId);
        Assert.Equal(new RunCompletedEvent("order", AgentSessionStatus.Active, "Let me look that order up."), events[^1]);
        Assert.Equal("order", (await harness.SessionAsync(conversation)).CurrentAgent);
        var record = Assert.Single(await harness.Sessions.ListHandoffsAsync(conversation.Id, CancellationToken.None));
        Assert.Equal(("router", "order", "classifier", handoff.Confidence), (record.FromAgent, record.ToAgent, record.Method, record.Confidence));
    }

    [Fact]
    public async Task RunAsync_ClassifierRouter_ChoosesBetweenSpecialists()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("Use the reset link."));
        var harness = new AgentRuntimeHarness([Desk("classifier")], model);
        var conversation = await harness.StartAsync("desk");

        var events = await harness.RunAsync(conversation, "I forgot my password");

        Assert.Equal("technical", Assert.Single(events.OfType<HandoffEvent>()).To);
        Assert.Equal("test:technical", Assert.Single(model.Requests).ModelId);
    }

    [Fact]
    public async Task RunAsync_FollowUpTheClassifierIsUnsureOf_StaysWithTheCurrentSpecialist()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("Which order?"), ScriptedTurn.Answer("Thanks, looking it up."));
        var harness = new AgentRuntimeHarness([Desk("classifier")], model);
        var conversation = await harness.StartAsync("desk");
        await harness.RunAsync(conversation, "where is my order");

        var events = await harness.RunAsync(conversation, FollowUp);

        Assert.Empty(events.OfType<HandoffEvent>());
        Assert.Equal("test:order", model.Requests[^1].ModelId);
        Assert.Equal("order", ((RunCompletedEvent)events[^1]).Agent);
        Assert.Single(await harness.Sessions.ListHandoffsAsync(conversation.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_ComplaintRoutedToHuman_EscalatesWithRaisedPriorityWithoutCallingAModel()
    {
        var model = new ScriptedChatClient();
        var harness = new AgentRuntimeHarness([Desk("classifier")], model);
        var conversation = await harness.StartAsync("desk");

        var events = await harness.RunAsync(conversation, "I want to make a complaint");

        Assert.Empty(model.Requests);
        Assert.Equal(["message", "escalation", "message", "done"], events.Select(e => e.Type));
        var item = Assert.Single(harness.Queue.Items);
        Assert.Equal(("The message was routed to 'human' (a complaint or a request for a person).", QueuePriority.High, "desk-support"), (item.Reason, item.Priority, item.Team));
        Assert.Equal(AgentSessionStatus.Escalated, (await harness.SessionAsync(conversation)).Status);
    }

    [Fact]
    public async Task RunAsync_HumanRouteWithEscalationDisabled_KeepsTheBotAnswering()
    {
        var desk = Desk("classifier");
        desk = desk with { Agents = [.. desk.Agents.Select(a => a.Router is null ? a : a with { Escalation = new EscalationSettings { Enabled = false } })] };
        var model = new ScriptedChatClient(ScriptedTurn.Answer("I'm sorry to hear that."));
        var harness = new AgentRuntimeHarness([desk], model);
        var conversation = await harness.StartAsync("desk");

        var events = await harness.RunAsync(conversation, "I want to make a complaint");

        Assert.Empty(harness.Queue.Items);
        Assert.DoesNotContain(events, e => e is HandoffEvent or EscalationEvent);
        Assert.Empty(await harness.Sessions.ListHandoffsAsync(conversation.Id, CancellationToken.None));
        Assert.Equal(AgentSessionStatus.Active, ((RunCompletedEvent)events[^1]).Status);
        Assert.Equal("I'm sorry to hear that.", ((RunCompletedEvent)events[^1]).Reply);
    }

    [Fact]
    public async Task RunAsync_LlmRouter_AsksTheRouterModelAndHandsOverToItsChoice()
    {
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("r1", "transfer_to_technical", """{"reason":"A login problem."}"""),
            ScriptedTurn.Answer("Try resetting your password."));
        var harness = new AgentRuntimeHarness([Desk("llm")], model);
        var conversation = await harness.StartAsync("desk");

        var events = await harness.RunAsync(conversation, "something is wrong with my account");

        Assert.Equal(new HandoffEvent("router", "technical", "The model chose 'technical'.", "llm", null), Assert.Single(events.OfType<HandoffEvent>()));
        Assert.False(model.Requests[0].Streaming);
        Assert.Equal("test:router", model.Requests[0].ModelId);
        Assert.Equal(["transfer_to_order", "transfer_to_technical", "transfer_to_human"], model.Requests[0].Tools);
        Assert.Equal("test:technical", model.Requests[1].ModelId);
        var record = Assert.Single(await harness.Sessions.ListHandoffsAsync(conversation.Id, CancellationToken.None));
        Assert.Equal(("llm", 10L, 5L), (record.Method, record.PromptTokens, record.CompletionTokens));
    }

    [Fact]
    public async Task RunAsync_LlmRouter_ChargesEachModelCallToTheAgentThatMadeItWithinOneRun()
    {
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("r1", "transfer_to_technical", """{"reason":"A login problem."}"""),
            ScriptedTurn.Answer("Try resetting your password."));
        var harness = new AgentRuntimeHarness([Desk("llm")], model);
        var conversation = await harness.StartAsync("desk");

        await harness.RunAsync(conversation, "something is wrong with my account");

        Assert.Equal("router", Assert.Single(model.Requests[0].Contexts)!.Agent);
        Assert.All(model.Requests[1].Contexts, context => Assert.Equal("technical", context!.Agent));
        var runs = model.Requests.SelectMany(r => r.Contexts).Select(c => c!.AgentRunId).Distinct();
        Assert.NotNull(Assert.Single(runs));
    }

    [Fact]
    public async Task DecideAsync_UnsureClassifier_KeepsTheSpecialistOrTakesTheDefaultRoute()
    {
        var catalog = AgentCatalog.Build([Desk("classifier")], _ => true, _ => null);
        var router = new AgentRouter(catalog, new ScriptedChatClient(), new FakeModelCatalog());
        var entry = catalog.Find("router")!;

        var keep = await router.DecideAsync(entry, "order", [], FollowUp, CancellationToken.None);
        var start = await router.DecideAsync(entry, null, [], FollowUp, CancellationToken.None);

        Assert.Null(keep);
        Assert.NotNull(start);
        Assert.Equal(("order", "classifier"), (start.Route, start.Method));
        Assert.InRange(start.Confidence ?? 1, 0, 0.5);
    }

    private static AgentTeam Desk(string mode) => AgentFileLoader.Parse(
        $"""
        name: desk
        entry: router
        agents:
          - name: router
            model: test:router
            router:
              mode: {mode}
              threshold: 0.5
              default: order
              routes: [order, technical, human]
              human_examples:
                - I want to make a complaint
                - this is unacceptable, I want to complain
                - your service is terrible and nobody helps me
                - I've been waiting for weeks, this is a disgrace
                - let me speak to your manager
                - I want to talk to a real person
                - 我要投诉
                - 你们的服务太差了
                - 我要找你们经理
                - 转人工
            escalation:
              team: desk-support
          - name: order
            model: test:order
            examples:
              - where is my order
              - what's the status of order ORD-1001
              - has my order shipped
              - track my package
              - when will my parcel arrive
              - change the shipping address of my order
              - I need to update my delivery address
              - cancel my order
              - I want to cancel order ORD-1002
              - my order number is ORD-1001
              - 我的订单到哪了
              - 查一下订单 ORD-1001
              - 修改收货地址
              - 取消订单
          - name: technical
            model: test:technical
            examples:
              - I forgot my password
              - how do I reset my password
              - the app keeps crashing
              - I can't log in
              - how do I delete my account
              - my payment was declined
              - please open a support ticket
              - log a bug report
              - 忘记密码怎么办
              - 怎么注销账号
              - 应用闪退
              - 登录不了
        """,
        "desk.yaml");
}
