using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Conversations;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Runtime;

namespace Switchboard.Agents.Tests.Runtime;

public sealed class ContextBuilderTests
{
    private static readonly DateOnly Today = new(2025, 3, 14);

    private readonly ContextBuilder _builder = new();

    [Fact]
    public void Render_FillsVariablesAndBuiltInsAndKeepsUnknownPlaceholders()
    {
        var agent = new AgentDefinition
        {
            Name = "helper",
            Model = "p:m",
            Instructions = "  You are {{agent_name}} for {{company}}. Today is {{date}}. Conversation {{ conversation_id }}. Keep {{unknown}} and {{company}}.\n",
            Variables = new Dictionary<string, string> { ["company"] = "Acme" },
        };

        var text = ContextBuilder.Render(agent, "conv_7", Today);

        Assert.Equal("You are helper for Acme. Today is 2025-03-14. Conversation conv_7. Keep {{unknown}} and Acme.", text);
    }

    [Fact]
    public void Render_VariableWithABuiltInName_WinsOverTheBuiltIn()
    {
        var agent = new AgentDefinition
        {
            Name = "helper",
            Model = "p:m",
            Instructions = "I am {{agent_name}}.",
            Variables = new Dictionary<string, string> { ["agent_name"] = "Ava" },
        };

        Assert.Equal("I am Ava.", ContextBuilder.Render(agent, "conv_1", Today));
    }

    [Fact]
    public void Build_UnderTheLimit_SendsEverythingAfterTheInstructionsWithoutASummary()
    {
        var history = new StoredMessages()
            .User("Where is ORD-1001?")
            .Assistant(null, new ToolCallRecord("c1", "get_order_status", """{"order_id":"ORD-1001"}"""))
            .Tool("c1", """{"status":"shipped"}""")
            .Assistant("It shipped.")
            .All;

        var messages = _builder.Build(Agent(maxMessages: 20), "conv_1", history, Today);

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], messages.Select(m => m.Role));
        Assert.Equal("You are helper.", messages[0].Text);
        Assert.DoesNotContain(messages, m => m.Text.StartsWith("Summary", StringComparison.Ordinal));
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(messages[2].Contents));
        Assert.Equal(("c1", "get_order_status"), (call.CallId, call.Name));
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(messages[3].Contents));
        Assert.Equal("c1", result.CallId);
    }

    [Fact]
    public void Build_OverTheLimit_SummarisesTheOldestAndNeverStartsTheWindowWithAToolResult()
    {
        var history = new StoredMessages()
            .User("Where is order ORD-1001? My e-mail is ann@example.com")
            .Assistant(null, new ToolCallRecord("c1", "get_order_status", """{"order_id":"ORD-1001"}"""))
            .Tool("c1", """{"status":"shipped"}""")
            .Assistant("It shipped.")
            .User("And ORD-1002?")
            .Assistant(null, new ToolCallRecord("c2", "get_order_status", "{}"), new ToolCallRecord("c3", "cancel_order", "{}"))
            .Tool("c2", """{"status":"processing"}""")
            .Tool("c3", """{"cancelled":true}""")
            .Assistant("ORD-1002 is cancelled.")
            .User("thanks")
            .All;

        // The last 3 messages would start with the tool result of c3, cut off from its call.
        var messages = _builder.Build(Agent(maxMessages: 3), "conv_1", history, Today);

        Assert.Equal([ChatRole.System, ChatRole.System, ChatRole.Assistant, ChatRole.User], messages.Select(m => m.Role));
        Assert.Equal("ORD-1002 is cancelled.", messages[2].Text);
        Assert.Equal("thanks", messages[3].Text);
        var summary = messages[1].Text;
        Assert.StartsWith("Summary of the earlier conversation:\nCustomer asked: Where is order ORD-1001?", summary, StringComparison.Ordinal);
        Assert.Contains("Latest message: And ORD-1002?", summary, StringComparison.Ordinal);
        Assert.Contains("Tools used: get_order_status, cancel_order", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("thanks", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ARunWithMoreCallsThanTheWindow_KeepsItsQuestionAndEveryCallAndResult()
    {
        var history = new StoredMessages()
            .User("Hi")
            .Assistant("Hello!")
            .User("Check ORD-1001 to ORD-1004")
            .Assistant(
                null,
                new ToolCallRecord("c1", "get_order_status", """{"order_id":"ORD-1001"}"""),
                new ToolCallRecord("c2", "get_order_status", """{"order_id":"ORD-1002"}"""),
                new ToolCallRecord("c3", "get_order_status", """{"order_id":"ORD-1003"}"""),
                new ToolCallRecord("c4", "get_order_status", """{"order_id":"ORD-1004"}"""))
            .Tool("c1", """{"status":"shipped"}""")
            .Tool("c2", """{"status":"shipped"}""")
            .Tool("c3", """{"status":"processing"}""")
            .Tool("c4", """{"status":"delivered"}""")
            .All;

        // The latest 4 messages are the four results alone; skipping them, as results cut off from their call, would
        // leave the model nothing but the instructions.
        var agent = Agent(maxMessages: 4);
        var messages = _builder.Build(agent, "conv_1", history, Today);

        Assert.Equal(2, ContextBuilder.WindowStart(agent, history));
        Assert.Equal([ChatRole.System, ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Tool, ChatRole.Tool, ChatRole.Tool], messages.Select(m => m.Role));
        Assert.Equal("Check ORD-1001 to ORD-1004", messages[2].Text);
        Assert.Equal(4, messages[3].Contents.OfType<FunctionCallContent>().Count());
        Assert.StartsWith("Summary of the earlier conversation:", messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OverTheLimit_ClipsTheSummaryToMaxSummaryChars()
    {
        var history = new StoredMessages();
        for (var i = 0; i < 30; i++)
        {
            history.User($"Question number {i} about order ORD-{1000 + i} and some more words to make it long").Assistant($"Answer {i}");
        }

        var agent = Agent(maxMessages: 4) with { Context = new ContextSettings { MaxMessages = 4, MaxSummaryChars = 120 } };

        var messages = _builder.Build(agent, "conv_1", history.All, Today);

        Assert.Equal(6, messages.Count);
        Assert.Equal("Summary of the earlier conversation:\n".Length + 120, messages[1].Text.Length);
        Assert.EndsWith("…", messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ACallWhoseResultWasNeverStored_GetsAStandInResultRightAfterIt()
    {
        // The run stopped while c2 ran (the client went away): c1's result is stored, c2's is not, then a new message.
        var history = new StoredMessages()
            .User("Where are A and B?")
            .Assistant(null, new ToolCallRecord("c1", "get_order_status", "{}"), new ToolCallRecord("c2", "get_order_status", "{}"))
            .Tool("c1", """{"status":"shipped"}""")
            .User("Hello?")
            .All;

        var messages = _builder.Build(Agent(maxMessages: 20), "conv_1", history, Today);

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Tool, ChatRole.User], messages.Select(m => m.Role));
        var stored = Assert.IsType<FunctionResultContent>(Assert.Single(messages[3].Contents));
        Assert.Equal(("c1", """{"status":"shipped"}"""), (stored.CallId, stored.Result?.ToString()));
        var standIn = Assert.IsType<FunctionResultContent>(Assert.Single(messages[4].Contents));
        Assert.Equal(("c2", ConversationMessageExtensions.InterruptedToolResult), (standIn.CallId, standIn.Result?.ToString()));
        Assert.Equal("Hello?", messages[5].Text);
    }

    [Fact]
    public void Build_HistoryEndingOnUnansweredCalls_AnswersThemAtTheEnd()
    {
        var history = new StoredMessages()
            .User("Cancel ORD-1")
            .Assistant("Cancelling.", new ToolCallRecord("c1", "cancel_order", "{}"))
            .All;

        var messages = _builder.Build(Agent(maxMessages: 20), "conv_1", history, Today);

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool], messages.Select(m => m.Role));
        Assert.Equal("c1", Assert.IsType<FunctionResultContent>(Assert.Single(messages[3].Contents)).CallId);
    }

    [Fact]
    public void Build_AToolResultForNoCallInTheWindow_IsLeftOut()
    {
        var history = new StoredMessages()
            .User("Where is ORD-1?")
            .Assistant(null, new ToolCallRecord("c1", "get_order_status", "{}"))
            .Tool("c1", "{}")
            .Tool("c9", "{}")
            .Assistant("It shipped.")
            .Tool("c1", "{}")
            .All;

        var messages = _builder.Build(Agent(maxMessages: 20), "conv_1", history, Today);

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], messages.Select(m => m.Role));
    }

    [Fact]
    public void Build_WithoutInstructions_SendsNoSystemMessage()
    {
        var agent = new AgentDefinition { Name = "helper", Model = "p:m" };

        var messages = _builder.Build(agent, "conv_1", new StoredMessages().User("hi").All, Today);

        Assert.Equal(ChatRole.User, Assert.Single(messages).Role);
    }

    private static AgentDefinition Agent(int maxMessages) => new()
    {
        Name = "helper",
        Model = "p:m",
        Instructions = "You are {{agent_name}}.",
        Context = new ContextSettings { MaxMessages = maxMessages },
    };
}
