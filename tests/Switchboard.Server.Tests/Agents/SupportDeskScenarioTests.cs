using System.Net;
using System.Text.Json;
using Switchboard.Providers.Builtin;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

/// <summary>
/// Scripted conversations with the support desk through the HTTP API, each run twice: on the offline <c>builtin</c>
/// model, and on a fake LLM upstream that calls tools in the OpenAI wire format.
/// </summary>
public sealed class SupportDeskScenarioTests
{
    public static TheoryData<string> Modes => new() { "builtin", "llm" };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task OrderStatus_RoutesToTheOrderAgent_CallsTheToolAndAnswersWithTheStatus(string mode)
    {
        await using var desk = await SupportDesk.StartAsync(mode);
        var conversation = await desk.StartConversationAsync();

        var exchange = await desk.SendAsync(conversation, "Where is my order ORD-1001?");

        Assert.Equal("order", exchange.GetProperty("agent").GetString());
        var handoff = Assert.Single(SupportDesk.Events(exchange, "handoff"));
        Assert.Equal("router", handoff.GetProperty("from").GetString());
        Assert.Equal("classifier", handoff.GetProperty("method").GetString());
        var call = Assert.Single(SupportDesk.Events(exchange, "tool.call"));
        Assert.Equal("get_order_status", call.GetProperty("tool").GetString());
        Assert.Equal("ORD-1001", JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement.GetProperty("order_id").GetString());
        Assert.Equal("ok", Assert.Single(SupportDesk.Events(exchange, "tool.result")).GetProperty("status").GetString());
        Assert.Contains("has shipped", SupportDesk.Reply(exchange));
        AssertModel(desk, mode, exchange);

        // The trace shows the agent path and the persisted tool execution.
        var trace = await desk.GetAsync($"/api/v1/conversations/{conversation}/trace");
        Assert.Equal(["router", "order"], trace.GetProperty("agent_path").EnumerateArray().Select(a => a.GetString()));
        var execution = Assert.Single(trace.GetProperty("tool_executions").EnumerateArray());
        Assert.Equal("get_order_status", execution.GetProperty("tool").GetString());
        Assert.Equal("ok", execution.GetProperty("status").GetString());
        Assert.Contains("ORD-1001", execution.GetProperty("arguments").GetString());
        Assert.Contains("shipped", execution.GetProperty("result").GetString());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AddressChange_OnAShippedOrder_IsRefusedByPolicy_AndAllowedBeforeShipping(string mode)
    {
        await using var desk = await SupportDesk.StartAsync(mode);
        var conversation = await desk.StartConversationAsync();

        var refused = await desk.SendAsync(conversation, "Please change the address of order ORD-1001 to 5 Park Lane, London");
        Assert.Equal("update_shipping_address", Assert.Single(SupportDesk.Events(refused, "tool.call")).GetProperty("tool").GetString());
        Assert.Contains("can no longer be changed", SupportDesk.Reply(refused));

        var allowed = await desk.SendAsync(conversation, "Please change the address of order ORD-1002 to 5 Park Lane, London");
        Assert.Contains("will ship to 5 Park Lane, London", SupportDesk.Reply(allowed));
        var status = await desk.SendAsync(conversation, "What's the status of order ORD-1002?");
        var result = Assert.Single(SupportDesk.Events(status, "tool.result")).GetProperty("result").GetString()!;
        Assert.Equal("5 Park Lane, London", JsonDocument.Parse(result).RootElement.GetProperty("shipping_address").GetString());
        AssertModel(desk, mode, status);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Refund_OutsideTheWindow_IsRefusedAndOffersAPerson(string mode)
    {
        await using var desk = await SupportDesk.StartAsync(mode);
        var conversation = await desk.StartConversationAsync();

        var exchange = await desk.SendAsync(conversation, "I want a refund for order ORD-1004");

        Assert.Equal("refund", exchange.GetProperty("agent").GetString());
        Assert.Equal("request_refund", Assert.Single(SupportDesk.Events(exchange, "tool.call")).GetProperty("tool").GetString());
        var reply = SupportDesk.Reply(exchange);
        Assert.Contains("within 30 days", reply);
        Assert.Contains("person", reply);
        Assert.Equal("active", exchange.GetProperty("status").GetString());
        AssertModel(desk, mode, exchange);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AngryComplaint_IsEscalated_AnOperatorClaimsRepliesAndResolves_WhileTheBotStaysSilent(string mode)
    {
        await using var desk = await SupportDesk.StartAsync(mode);
        var conversation = await desk.StartConversationAsync();

        var complaint = await desk.SendAsync(conversation, "This is ridiculous! My package ORD-1003 arrived broken and nobody answers my emails. Worst service ever!");
        Assert.Equal("escalated", complaint.GetProperty("status").GetString());
        var escalation = Assert.Single(SupportDesk.Events(complaint, "escalation"));
        Assert.Equal("high", escalation.GetProperty("priority").GetString());
        Assert.Contains("member of our support team", SupportDesk.Reply(complaint));
        Assert.Equal(0, desk.Llm.Calls); // the rules decided, no model was needed

        // The operator sees it in the queue (most urgent first, then oldest first), with a summary.
        var queue = await desk.GetAsync("/api/v1/handoff-queue?team=support");
        var item = Assert.Single(queue.GetProperty("data").EnumerateArray());
        var id = item.GetProperty("id").GetString()!;
        Assert.Equal(conversation, item.GetProperty("conversation_id").GetString());
        Assert.Equal("waiting", item.GetProperty("status").GetString());
        Assert.Contains("ORD-1003", item.GetProperty("summary").GetString());
        Assert.Contains("Worst service ever", item.GetProperty("summary").GetString());

        var (claimStatus, claimed) = await desk.PostAsync($"/api/v1/handoff-queue/{id}/claim", """{"operator":"alice"}""");
        Assert.Equal(HttpStatusCode.OK, claimStatus);
        Assert.Equal("claimed", claimed.GetProperty("status").GetString());
        var (secondClaim, _) = await desk.PostAsync($"/api/v1/handoff-queue/{id}/claim", """{"operator":"bob"}""");
        Assert.Equal(HttpStatusCode.Conflict, secondClaim);

        var (replyStatus, reply) = await desk.PostAsync($"/api/v1/handoff-queue/{id}/messages", """{"operator":"alice","content":"I'm sorry about that. I've sent a replacement for ORD-1003."}""");
        Assert.Equal(HttpStatusCode.OK, replyStatus);
        Assert.Equal("operator:alice", reply.GetProperty("author").GetString());
        var (noteStatus, _) = await desk.PostAsync($"/api/v1/handoff-queue/{id}/notes", """{"operator":"alice","content":"Replacement shipped; watch for a chargeback."}""");
        Assert.Equal(HttpStatusCode.OK, noteStatus);

        // The customer writes while a person owns the conversation: it is stored, the bot says nothing.
        var meanwhile = await desk.SendAsync(conversation, "Thank you, when will it arrive?");
        Assert.Equal("human", meanwhile.GetProperty("status").GetString());
        Assert.Single(meanwhile.GetProperty("messages").EnumerateArray()); // only the user's message
        Assert.Empty(SupportDesk.Events(meanwhile, "tool.call"));

        var (resolveStatus, resolved) = await desk.PostAsync($"/api/v1/handoff-queue/{id}/resolve", """{"operator":"alice"}""");
        Assert.Equal(HttpStatusCode.OK, resolveStatus);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Empty((await desk.GetAsync("/api/v1/handoff-queue")).GetProperty("data").EnumerateArray());
        var withNotes = await desk.GetAsync($"/api/v1/handoff-queue/{id}");
        Assert.Contains("chargeback", Assert.Single(withNotes.GetProperty("notes").EnumerateArray()).GetProperty("text").GetString());

        // After resolution the bot answers again.
        var after = await desk.SendAsync(conversation, "Where is my order ORD-1001?");
        Assert.Equal("active", after.GetProperty("status").GetString());
        Assert.Contains("has shipped", SupportDesk.Reply(after));

        var messages = await desk.GetAsync($"/api/v1/conversations/{conversation}/messages?limit=100");
        Assert.Contains(messages.GetProperty("data").EnumerateArray(), m => m.TryGetProperty("author", out var a) && a.GetString() == "operator:alice");
        Assert.Contains(messages.GetProperty("data").EnumerateArray(), m => m.GetProperty("content").GetString() == "Thank you, when will it arrive?");
    }

    [Theory]
    [InlineData("builtin", "What forms of payment can I use?", "Apple Pay")]
    [InlineData("builtin", "可以用什么方式付钱？", "支付宝")]
    [InlineData("llm", "What forms of payment can I use?", "Apple Pay")]
    [InlineData("llm", "可以用什么方式付钱？", "支付宝")]
    public async Task FaqParaphrase_IsAnsweredFromTheKnowledgeBase(string mode, string question, string expected)
    {
        await using var desk = await SupportDesk.StartAsync(mode);
        var conversation = await desk.StartConversationAsync();

        var exchange = await desk.SendAsync(conversation, question);

        Assert.Equal("faq", exchange.GetProperty("agent").GetString());
        Assert.Contains(expected, SupportDesk.Reply(exchange));
        AssertModel(desk, mode, exchange);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task UnanswerableQuestion_SaysItDoesNotKnow_ThenEscalatesOnRequest(string mode)
    {
        var llm = new ScriptedLlm(request =>
        {
            // A grounded model: after searching, it admits it does not know when nothing relevant came back.
            var last = ScriptedLlm.Last(request);
            if (last.GetProperty("role").GetString() == "tool")
            {
                return LlmTurn.Say("(llm) I don't know the answer to that.");
            }

            return ScriptedLlm.Tools(request).Contains("kb_search")
                ? LlmTurn.Call("kb_search", JsonSerializer.Serialize(new { query = ScriptedLlm.LastUser(request) }))
                : LlmTurn.Say("(llm) I don't know.");
        });
        await using var desk = await SupportDesk.StartAsync(mode, llm);
        var conversation = await desk.StartConversationAsync();

        var unknown = await desk.SendAsync(conversation, "What is the airspeed velocity of an unladen swallow?");
        Assert.Equal("active", unknown.GetProperty("status").GetString());
        Assert.Contains(mode == "builtin" ? BuiltinAnswerer.UnknownEnglish : "I don't know", SupportDesk.Reply(unknown));

        var asked = await desk.SendAsync(conversation, "Can I talk to a person please?");
        Assert.Equal("escalated", asked.GetProperty("status").GetString());
        Assert.Contains("asked for a person", Assert.Single(SupportDesk.Events(asked, "escalation")).GetProperty("reason").GetString());
        var queue = await desk.GetAsync("/api/v1/handoff-queue");
        Assert.Contains("unladen swallow", Assert.Single(queue.GetProperty("data").EnumerateArray()).GetProperty("summary").GetString());
    }

    [Fact]
    public async Task CancelOrder_OnTheBuiltinModel_CallsTheTool()
    {
        // cancel_order's optional reason is typed ["string","null"]; the builtin model's argument filling used to fail on it.
        await using var desk = await SupportDesk.StartAsync("builtin");
        var conversation = await desk.StartConversationAsync();

        var exchange = await desk.SendAsync(conversation, "I want to cancel order ORD-1002");

        Assert.Equal("active", exchange.GetProperty("status").GetString());
        Assert.Contains(SupportDesk.Events(exchange, "tool.call"), e => e.GetProperty("tool").GetString() == "cancel_order");
    }

    [Fact]
    public async Task TheQueue_IsListedAPageAtATimeWithTheAngriestFirst()
    {
        await using var desk = await SupportDesk.StartAsync("builtin");
        var calm = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var conversation = await desk.StartConversationAsync();
            Assert.Equal("escalated", (await desk.SendAsync(conversation, "Can I talk to a person please?")).GetProperty("status").GetString());
            calm.Add(conversation);
        }

        // Anger raises the priority: this one is listed first, though it came last.
        var angry = await desk.StartConversationAsync();
        var complaint = await desk.SendAsync(angry, "This is ridiculous! My package ORD-1003 arrived broken and nobody answers my emails. Worst service ever!");
        Assert.Equal("high", Assert.Single(SupportDesk.Events(complaint, "escalation")).GetProperty("priority").GetString());

        var first = await desk.GetAsync("/api/v1/handoff-queue?limit=2");
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var items = first.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("conversation_id").GetString()).ToList();
        Assert.Equal([angry, calm[0]], items);
        var second = await desk.GetAsync($"/api/v1/handoff-queue?limit=2&cursor={Uri.EscapeDataString(first.GetProperty("next_cursor").GetString()!)}");
        Assert.False(second.GetProperty("has_more").GetBoolean());
        Assert.False(second.TryGetProperty("next_cursor", out var none) && none.ValueKind != JsonValueKind.Null);
        Assert.Equal(calm.Skip(1), second.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("conversation_id").GetString()));

        var (status, problem) = await desk.GetWithStatusAsync("/api/v1/handoff-queue?cursor=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("cursor", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Stream_ReportsHandoffsToolCallsAndResultsAsTypedEvents()
    {
        await using var desk = await SupportDesk.StartAsync("llm");
        var conversation = await desk.StartConversationAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages")
        {
            Content = new StringContent("""{"content":"Where is my order ORD-1003?"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await desk.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = await SseParser.ReadAllAsync(response);

        var names = events.Select(e => e.Name).ToList();
        Assert.Equal("message", names[0]);
        Assert.True(names.IndexOf("handoff") < names.IndexOf("tool.call"));
        Assert.True(names.IndexOf("tool.call") < names.IndexOf("tool.result"));
        Assert.True(names.IndexOf("tool.result") < names.LastIndexOf("text.delta"));
        Assert.Equal("done", names[^1]);
        var text = string.Concat(events.Where(e => e.Name == "text.delta").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString()));
        Assert.Contains("was delivered on", text);
    }

    [Fact]
    public async Task AgentModel_CanBeARouteName_AndTheServingTargetIsRecorded()
    {
        await using var desk = await SupportDesk.StartAsync("builtin", settings: new Dictionary<string, string?>
        {
            ["Switchboard:Routes:smart:Targets:0"] = "slow:slow-model",
            ["Switchboard:Routes:smart:Targets:1"] = "mock:gpt-4o-mini",
            ["Switchboard:Routes:smart:MaxAttempts"] = "1",
            ["Switchboard:Providers:slow:BaseUrl"] = "http://127.0.0.1:9/v1", // refused: the route falls back
            ["Switchboard:Agents:Model"] = "smart",
        });
        var conversation = await desk.StartConversationAsync();

        var exchange = await desk.SendAsync(conversation, "Where is my order ORD-1001?");

        Assert.Contains("has shipped", SupportDesk.Reply(exchange));
        var assistant = exchange.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "assistant");
        Assert.Equal("mock", assistant.GetProperty("provider").GetString());
        Assert.Equal("mock:gpt-4o-mini", assistant.GetProperty("model").GetString());
        Assert.Equal(2, desk.Llm.Calls);
    }

    private static void AssertModel(SupportDesk desk, string mode, JsonElement exchange)
    {
        var assistant = exchange.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "assistant");
        if (mode == "builtin")
        {
            Assert.Equal("builtin", assistant.GetProperty("provider").GetString());
            Assert.Empty(desk.Upstream.Requests);
        }
        else
        {
            Assert.Equal("mock", assistant.GetProperty("provider").GetString());
            Assert.StartsWith("(llm)", SupportDesk.Reply(exchange));
            Assert.True(desk.Llm.Calls >= 2, "the LLM called a tool and then answered");
        }
    }
}
