using Switchboard.Abstractions.Conversations;
using Switchboard.Agents.Runtime;

namespace Switchboard.Agents.Tests.Runtime;

public sealed class ConversationSummarizerTests
{
    private static readonly DateOnly Today = new(2025, 3, 14);

    private readonly ConversationSummarizer _summarizer = new();

    [Fact]
    public void Summarize_Conversation_HasFirstAndLatestRequestReferencesToolsAndLastAnswer()
    {
        var history = new StoredMessages()
            .User("Hi, my order ORD-1001 has not arrived. My e-mail is ann@example.com")
            .Assistant(null, new ToolCallRecord("c1", "get_order_status", """{"order_id":"ORD-1001"}"""))
            .Tool("c1", """{"status":"shipped"}""")
            .Assistant("It shipped yesterday.")
            .User("Then cancel ORD-1002 instead")
            .Assistant(null, new ToolCallRecord("c2", "cancel_order", """{"order_id":"ORD-1002"}"""))
            .Tool("c2", """{"cancelled":true}""")
            .All;

        var summary = _summarizer.Summarize(history, 1500, Today);

        var lines = summary.Split('\n');
        Assert.Equal("Customer asked: Hi, my order ORD-1001 has not arrived. My e-mail is ann@example.com", lines[0]);
        Assert.Equal("Latest message: Then cancel ORD-1002 instead", lines[1]);
        Assert.StartsWith("References: ", lines[2], StringComparison.Ordinal);
        Assert.Contains("order number ORD-1001", lines[2], StringComparison.Ordinal);
        Assert.Contains("order number ORD-1002", lines[2], StringComparison.Ordinal);
        Assert.Contains("email ann@example.com", lines[2], StringComparison.Ordinal);
        Assert.Equal("Tools used: get_order_status, cancel_order", lines[3]);
        Assert.Equal("Last answer: It shipped yesterday.", lines[4]);
        Assert.Equal("Messages: 2 from the customer, 3 from the bot.", lines[5]);
    }

    [Fact]
    public void Summarize_OneCustomerMessage_HasNoLatestLine()
    {
        var summary = _summarizer.Summarize(new StoredMessages().User("What are your opening hours?").All, 1500, Today);

        Assert.Equal("Customer asked: What are your opening hours?\nMessages: 1 from the customer, 0 from the bot.", summary);
    }

    [Fact]
    public void Summarize_LongConversation_IsClippedToMaxChars()
    {
        var history = new StoredMessages()
            .User(new string('a', 500))
            .Assistant(new string('b', 500))
            .User("Order ORD-1001, e-mail ann@example.com, phone +44 20 7946 0958")
            .All;

        var summary = _summarizer.Summarize(history, 100, Today);

        Assert.Equal(100, summary.Length);
        Assert.EndsWith("…", summary, StringComparison.Ordinal);
        Assert.StartsWith("Customer asked: aaa", summary, StringComparison.Ordinal);
        Assert.True(_summarizer.Summarize(history, 1500, Today).Length <= 1500);
        Assert.Contains("Customer asked: " + new string('a', 199) + "…\n", _summarizer.Summarize(history, 1500, Today), StringComparison.Ordinal);
    }
}
