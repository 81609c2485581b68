using System.Net;
using System.Text.Json;
using Switchboard.Providers.Builtin;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Builtin;

/// <summary>The demo support desk answered offline by model builtin:support, through the public APIs.</summary>
public sealed class BuiltinProviderTests : ServerTestBase
{
    [Theory]
    [InlineData("where is my order\uFFFE")]
    [InlineData("I was charged $100,000,000,000,000,000,000,000,000k for this")]
    public async Task ChatCompletions_TextTheEngineFoundHard_IsStillAnswered(string question)
    {
        // A noncharacter that ICU's normaliser refuses, and an amount beyond decimal's range: both used to be a 500.
        using var response = await PostChatAsync(Request(question));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Where is my order ORD-12345?", "track_order")]
    [InlineData("Where is my order ORD-778899? I'm getting really annoyed", "track_order")] // lexical search alone ranks refund_status first
    [InlineData("I want to cancel my order", "cancel_order")]
    [InlineData("how do I get my money back", "request_refund")]
    [InlineData("can I talk to a real person", "contact_human")]
    [InlineData("我的快递到哪了", "track_order_zh")]
    [InlineData("我要退款", "request_refund_zh")]
    [InlineData("转人工", "contact_human_zh")]
    public async Task ChatCompletions_SupportQuestions_AreAnsweredFromTheDemoKnowledgeBase(string question, string faqId)
    {
        using var response = await PostChatAsync(Request(question));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("builtin:support", body.GetProperty("model").GetString());
        var metadata = body.GetProperty("switchboard");
        Assert.Equal("builtin", metadata.GetProperty("engine").GetString());
        Assert.False(metadata.GetProperty("out_of_scope").GetBoolean());
        Assert.Equal(faqId, metadata.GetProperty("faq_id").GetString());
        Assert.InRange(metadata.GetProperty("confidence").GetDouble(), 0, 1);
        var answer = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.False(string.IsNullOrWhiteSpace(answer));
        Assert.DoesNotContain("{{", answer);
        Assert.True(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Empty(Upstream.Requests); // offline: nothing reached any upstream
    }

    [Fact]
    public async Task ChatCompletions_FillsTheOrderNumberAndReportsSlotsAndSentiment()
    {
        using var response = await PostChatAsync(Request("Where is my order ORD-12345? This is taking forever, I'm really angry!"));

        var body = await ReadJsonAsync(response);
        var answer = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Contains("ORD-12345", answer);
        var metadata = body.GetProperty("switchboard");
        Assert.Contains(metadata.GetProperty("slots").EnumerateArray(), s => s.GetProperty("type").GetString() == "order_number" && s.GetProperty("value").GetString() == "ORD-12345");
        Assert.Equal("negative", metadata.GetProperty("sentiment").GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("I want to cancel order ORD-1001, how?", "canceling order ORD-1001. Kindly")]
    [InlineData("how do I cancel an order?", "canceling order. Kindly")]
    public async Task ChatCompletions_KnowledgeBaseToolResult_HasItsPlaceholdersFilledOrDropped(string question, string expected)
    {
        // The client ran kb_search (declared as a tool) and sends its result back: the answer is the entry's template.
        var result = JsonSerializer.Serialize(new { message = "Thank you for reaching out about canceling order {{order_number}}. Kindly follow these steps." });
        var body = JsonSerializer.Serialize(new
        {
            model = "builtin:support",
            messages = new object[]
            {
                new { role = "user", content = question },
                new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id = "call_1", type = "function", function = new { name = "kb_search", arguments = "{\"query\":\"cancel order\"}" } } } },
                new { role = "tool", tool_call_id = "call_1", content = result },
            },
            tools = new[] { new { type = "function", function = new { name = "kb_search", description = "Search the FAQ.", parameters = new { type = "object", properties = new { query = new { type = "string" } } } } } },
        });

        using var response = await PostChatAsync(body);

        var answer = (await ReadJsonAsync(response)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Contains(expected, answer, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_AHistoryThatRepeatsAToolCallId_IsAnsweredNotA500()
    {
        // A caller's history is not checked for unique call ids; the engine used to build a dictionary from them.
        var call = new { id = "call_1", type = "function", function = new { name = "kb_search", arguments = "{\"query\":\"cancel order\"}" } };
        var body = JsonSerializer.Serialize(new
        {
            model = "builtin:support",
            messages = new object[]
            {
                new { role = "user", content = "how do I cancel an order?" },
                new { role = "assistant", content = (string?)null, tool_calls = new[] { call, call } },
                new { role = "tool", tool_call_id = "call_1", content = JsonSerializer.Serialize(new { message = "Open Orders, then choose Cancel." }) },
            },
            tools = new[] { new { type = "function", function = new { name = "kb_search", description = "Search the FAQ.", parameters = new { type = "object", properties = new { query = new { type = "string" } } } } } },
        });

        using var response = await PostChatAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("choose Cancel", (await ReadJsonAsync(response)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("what's the weather like in Paris tomorrow", BuiltinAnswerer.UnknownEnglish)]
    [InlineData("tell me a joke", BuiltinAnswerer.UnknownEnglish)]
    [InlineData("给我讲个笑话", BuiltinAnswerer.UnknownChinese)]
    public async Task ChatCompletions_OffTopic_SaysItDoesNotKnow(string question, string expected)
    {
        using var response = await PostChatAsync(Request(question));

        var body = await ReadJsonAsync(response);
        Assert.Equal(expected, body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.True(body.GetProperty("switchboard").GetProperty("out_of_scope").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("switchboard").GetProperty("faq_id").ValueKind);
    }

    [Fact]
    public async Task ChatCompletions_Streaming_StreamsTheAnswerWithMetadataAndUsage()
    {
        using var response = await PostChatAsync(
            """{"model":"builtin:support","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"我要退款"}]}""",
            HttpCompletionOption.ResponseHeadersRead);

        var events = await SseParser.ReadAllAsync(response);
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => e.Json).ToList();
        var text = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var c) ? c.GetString() : string.Empty));
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Contains(chunks, c => c.TryGetProperty("switchboard", out var m) && m.GetProperty("faq_id").GetString() == "request_refund_zh");
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Models_ListsTheBuiltinModelAtZeroPrice()
    {
        var body = await ReadJsonAsync(await Client.GetAsync("/v1/models"));

        var builtin = body.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "builtin:support");
        Assert.Equal(0m, builtin.GetProperty("pricing").GetProperty("input_per_million").GetDecimal());
        Assert.Equal(0m, builtin.GetProperty("pricing").GetProperty("output_per_million").GetDecimal());
    }

    [Fact]
    public async Task UnknownKnowledgeBase_IsAClearError()
    {
        await using var factory = new SwitchboardFactory(Upstream, settings: new Dictionary<string, string?> { ["Switchboard:Providers:builtin:Models:1:Id"] = "empty-kb" });
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Request("hello", "builtin:empty-kb")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Knowledge base 'empty-kb' cannot answer", (await ReadJsonAsync(response)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Conversation_WithTheShippedDefaultModel_AnswersOffline()
    {
        await using var factory = new SwitchboardFactory(Upstream, settings: new Dictionary<string, string?> { ["Switchboard:Chat:DefaultModel"] = "builtin:support" });
        using var client = factory.CreateClient();
        using var created = await client.PostAsync("/api/v1/conversations", JsonBody("{}"));
        var id = (await ReadJsonAsync(created)).GetProperty("id").GetString();

        using var reply = await client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"How long does delivery take?"}"""));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var assistant = (await ReadJsonAsync(reply)).GetProperty("assistant_message");
        Assert.Equal("builtin:support", assistant.GetProperty("model").GetString());
        Assert.Equal("builtin", assistant.GetProperty("provider").GetString());
        Assert.False(string.IsNullOrWhiteSpace(assistant.GetProperty("content").GetString()));
    }

    [Theory]
    [InlineData("Your order {{order_number}} has shipped.", "Your order ORD-1 has shipped.", true)]
    [InlineData("Your order {{order_number}} has shipped.", "Your order has shipped.", false)]
    [InlineData("您的订单 {{order_number}} 已发货。", "您的订单已发货。", false)]
    [InlineData("您的订单 {{order_number}} 已发货。", "您的订单 ORD-1 已发货。", true)]
    [InlineData("Order {{order_number}}.", "Order.", false)]
    public void Fill_ReplacesOrDropsPlaceholders(string template, string expected, bool withSlot)
    {
        var slots = withSlot ? new[] { new Switchboard.Nlu.Slots.Slot("order_number", "ord-1", 0, 5, "ORD-1") } : [];

        Assert.Equal(expected, BuiltinAnswerer.Fill(template, slots));
    }

    private static string Request(string question, string model = "builtin:support") =>
        JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = question } } });
}
