using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Conversations;

public sealed class ConversationApiTests : ServerTestBase
{
    [Fact]
    public async Task Create_Get_Delete_RoundTrip()
    {
        using var created = await Client.PostAsync("/api/v1/conversations", JsonBody("""{"title":"Order help","model":"mock/gpt-4o-mini","metadata":{"channel":"web","locale":"zh-CN"}}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var conversation = await ReadJsonAsync(created);
        var id = conversation.GetProperty("id").GetString()!;
        Assert.StartsWith("conv_", id);
        Assert.Equal($"/api/v1/conversations/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Order help", conversation.GetProperty("title").GetString());
        Assert.Equal("zh-CN", conversation.GetProperty("metadata").GetProperty("locale").GetString());

        using var fetched = await Client.GetAsync($"/api/v1/conversations/{id}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("mock:gpt-4o-mini", (await ReadJsonAsync(fetched)).GetProperty("model").GetString());

        using var deleted = await Client.DeleteAsync($"/api/v1/conversations/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var gone = await Client.GetAsync($"/api/v1/conversations/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", ContentType(gone)?.MediaType);
        var problem = await ReadJsonAsync(gone);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("conversation_not_found", problem.GetProperty("code").GetString());
        Assert.Equal($"/api/v1/conversations/{id}", problem.GetProperty("instance").GetString());

        using var deletedAgain = await Client.DeleteAsync($"/api/v1/conversations/{id}");
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
    }

    [Fact]
    public async Task List_IsNewestFirstAndPagesWithCursor()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var created = await Client.PostAsync("/api/v1/conversations", JsonBody($$"""{"title":"c{{i}}"}"""));
            ids.Add((await ReadJsonAsync(created)).GetProperty("id").GetString()!);
            await Task.Delay(2); // distinct creation milliseconds
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            using var response = await Client.GetAsync("/api/v1/conversations?limit=2" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await ReadJsonAsync(response);
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
            cursor = page.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
            Assert.Equal(cursor is not null, page.GetProperty("has_more").GetBoolean());
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task PostMessage_StoresBothMessagesWithModelTokensAndLatency()
    {
        var id = await CreateConversationAsync();

        using var response = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"Hello"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var exchange = await ReadJsonAsync(response);
        var assistant = exchange.GetProperty("assistant_message");
        Assert.Equal("assistant", assistant.GetProperty("role").GetString());
        Assert.Equal("Hello! How can I assist you today?", assistant.GetProperty("content").GetString());
        Assert.Equal("mock:gpt-4o-mini", assistant.GetProperty("model").GetString());
        Assert.Equal("mock", assistant.GetProperty("provider").GetString());
        Assert.Equal(19, assistant.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(10, assistant.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.True(assistant.GetProperty("latency_ms").GetInt64() >= 0);
        Assert.Equal("stop", assistant.GetProperty("finish_reason").GetString());
        Assert.Equal(2, assistant.GetProperty("sequence").GetInt32());
        Assert.Equal("Hello", exchange.GetProperty("user_message").GetProperty("content").GetString());

        // The second exchange sends the first as history.
        using var second = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"And again"}"""));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var history = Upstream.Requests.Last().GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        Assert.Equal(
            [("user", "Hello"), ("assistant", "Hello! How can I assist you today?"), ("user", "And again")],
            history);

        var messages = await ListMessagesAsync(id);
        Assert.Equal(4, messages.Count);
        Assert.Equal(["user", "assistant", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task PostMessage_TwoAtOnce_AreAnsweredOneAfterTheOtherEachWithTheOtherInItsHistory()
    {
        var id = await CreateConversationAsync();
        var answer = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"));
        Upstream.Handler = async context =>
        {
            await Task.Delay(150);
            await answer(context);
        };

        var first = Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"One"}"""));
        var second = Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"Two"}"""));
        using var firstResponse = await first;
        using var secondResponse = await second;

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (firstResponse.StatusCode, secondResponse.StatusCode));
        var messages = await ListMessagesAsync(id);
        Assert.Equal(["user", "assistant", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        var sent = Upstream.Requests.Select(r => r.GetProperty("messages").GetArrayLength()).Order().ToList();
        Assert.Equal([1, 3], sent);
    }

    [Fact]
    public async Task PostMessage_WithEventStreamAccept_StreamsDeltasThenTheStoredReply()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));
        var id = await CreateConversationAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{id}/messages") { Content = JsonBody("""{"content":"Hello"}""") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", ContentType(response)?.MediaType);
        var events = await SseParser.ReadAllAsync(response);
        var deltas = events.Where(e => e.Name == "message.delta").Select(e => e.Json.GetProperty("content").GetString()).ToList();
        Assert.Equal(["Hello", " there", ", 你好!"], deltas);
        var completed = Assert.Single(events, e => e.Name == "message.completed").Json;
        var assistant = completed.GetProperty("assistant_message");
        Assert.Equal("Hello there, 你好!", assistant.GetProperty("content").GetString());
        Assert.Equal(9, assistant.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal("message.completed", events[^1].Name);

        var stored = await ListMessagesAsync(id);
        Assert.Equal("Hello there, 你好!", stored[1].GetProperty("content").GetString());
        Assert.Equal(4, stored[1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task PostMessage_UpstreamFailure_Returns502ProblemAndKeepsTheUserMessage()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 500);
        var id = await CreateConversationAsync();

        using var response = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"Are you there?"}"""));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", ContentType(response)?.MediaType);
        Assert.Equal(502, (await ReadJsonAsync(response)).GetProperty("status").GetInt32());
        var stored = Assert.Single(await ListMessagesAsync(id));
        Assert.Equal("Are you there?", stored.GetProperty("content").GetString());
    }

    [Fact]
    public async Task PostMessage_SameTextAfterAFailure_IsARetryAndIsNotStoredTwice()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 500);
        var id = await CreateConversationAsync();
        using var failed = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"Where is my order?"}"""));
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        var first = Assert.Single(await ListMessagesAsync(id));

        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"));
        using var retried = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"Where is my order?"}"""));

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var exchange = await ReadJsonAsync(retried);
        Assert.Equal(first.GetProperty("id").GetString(), exchange.GetProperty("user_message").GetProperty("id").GetString());
        Assert.Equal(2, exchange.GetProperty("assistant_message").GetProperty("sequence").GetInt32());
        Assert.Equal(["user", "assistant"], (await ListMessagesAsync(id)).Select(m => m.GetProperty("role").GetString()));
        var sent = Upstream.Requests.Last().GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal(["Where is my order?"], sent);

        // Answered now, the same text again is a new message.
        using var again = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"Where is my order?"}"""));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(4, (await ListMessagesAsync(id)).Count);
    }

    [Fact]
    public async Task PostMessage_DifferentTextAfterAFailure_IsStoredAfterTheUnansweredOne()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 500);
        var id = await CreateConversationAsync();
        using var failed = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"Where is my order?"}"""));
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);

        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"));
        using var next = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"where is my order?"}"""));

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(["user", "user", "assistant"], (await ListMessagesAsync(id)).Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task PostMessage_StreamedRetryAfterAFailureBeforeTheFirstChunk_IsNotStoredTwice()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 500);
        var id = await CreateConversationAsync();
        using var failed = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"Hello"}"""));
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);

        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{id}/messages") { Content = JsonBody("""{"content":"Hello"}""") };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = await SseParser.ReadAllAsync(response);

        Assert.Equal("message.completed", events[^1].Name);
        var stored = await ListMessagesAsync(id);
        Assert.Equal(["user", "assistant"], stored.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(stored[0].GetProperty("id").GetString(), events[^1].Json.GetProperty("user_message").GetProperty("id").GetString());
    }

    [Fact]
    public async Task PostMessage_StreamFailingMidway_StoresThePartialReplyAndEndsWithErrorEvent()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"), endBefore: 3);
        var id = await CreateConversationAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{id}/messages") { Content = JsonBody("""{"content":"Hello"}""") };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = await SseParser.ReadAllAsync(response);

        Assert.Equal("error", events[^1].Name);
        Assert.Equal(502, events[^1].Json.GetProperty("status").GetInt32());
        var stored = await ListMessagesAsync(id);
        Assert.Equal("Hello there", stored[1].GetProperty("content").GetString());
        Assert.Equal("error", stored[1].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task PostMessage_RetryAfterAReplyThatBrokeOff_AnswersTheStoredMessageAndLeavesThePartialReplyOut()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"), endBefore: 3);
        var id = await CreateConversationAsync();
        using (var broken = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{id}/messages") { Content = JsonBody("""{"content":"Hello"}""") })
        {
            broken.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await Client.SendAsync(broken, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("error", (await SseParser.ReadAllAsync(response))[^1].Name);
        }

        var user = (await ListMessagesAsync(id))[0];

        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"));
        using var retried = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"Hello"}"""));

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(user.GetProperty("id").GetString(), (await ReadJsonAsync(retried)).GetProperty("user_message").GetProperty("id").GetString());
        var stored = await ListMessagesAsync(id);
        Assert.Equal(["user", "assistant", "assistant"], stored.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("error", stored[1].GetProperty("finish_reason").GetString());
        Assert.Equal(["user"], Roles(Upstream.Requests.Last()));

        // The next message's history has the question and the reply that answered it, not the broken-off one.
        using var next = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody("""{"content":"Thanks"}"""));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var sent = Upstream.Requests.Last().GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], sent.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(stored[2].GetProperty("content").GetString(), sent[1].GetProperty("content").GetString());

        static List<string?> Roles(JsonElement request) => request.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToList();
    }

    [Theory]
    [InlineData("""{"content":""}""", "content")]
    [InlineData("""{"content":"   "}""", "content")]
    [InlineData("""{}""", "content")]
    [InlineData("""{"content":"hi","model":"mock:unknown"}""", "model")]
    [InlineData("""{"content":"hi","temperature":5}""", "temperature")]
    [InlineData("""{"content":"hi","max_tokens":0}""", "max_tokens")]
    public async Task PostMessage_InvalidFields_Return400ValidationProblem(string body, string field)
    {
        var id = await CreateConversationAsync();

        using var response = await Client.PostAsync($"/api/v1/conversations/{id}/messages", JsonBody(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", ContentType(response)?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors names '{field}'");
        Assert.Empty(await ListMessagesAsync(id));
    }

    [Theory]
    [InlineData("/api/v1/conversations", """{"title":5}""")]
    [InlineData("/api/v1/conversations", """{"metadata":{"a":1}}""")]
    [InlineData("/api/v1/conversations", """{not json""")]
    [InlineData("/api/v1/conversations", """{"model":"nope:nope"}""")]
    [InlineData("/api/v1/conversations", """{"agent":"no-such-agent"}""")]
    public async Task Create_BadBodies_Return400Problem(string path, string body)
    {
        using var response = await Client.PostAsync(path, JsonBody(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", ContentType(response)?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/conversations?limit=0")]
    [InlineData("/api/v1/conversations?limit=1000")]
    [InlineData("/api/v1/conversations?limit=abc")]
    public async Task List_BadPaging_Returns400Problem(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", ContentType(response)?.MediaType);
    }

    [Fact]
    public async Task PostMessage_ToUnknownConversation_Returns404()
    {
        using var response = await Client.PostAsync("/api/v1/conversations/conv_missing/messages", JsonBody("""{"content":"hi"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", ContentType(response)?.MediaType);
    }

    private async Task<string> CreateConversationAsync()
    {
        using var created = await Client.PostAsync("/api/v1/conversations", JsonBody("{}"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await ReadJsonAsync(created)).GetProperty("id").GetString()!;
    }

    private async Task<List<JsonElement>> ListMessagesAsync(string id)
    {
        using var response = await Client.GetAsync($"/api/v1/conversations/{id}/messages?limit=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("data").EnumerateArray().ToList();
    }
}
