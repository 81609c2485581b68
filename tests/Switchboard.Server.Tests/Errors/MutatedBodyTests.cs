using System.Text;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Errors;

/// <summary>
/// Bad input never crashes the server: valid bodies for the main write endpoints, each damaged hundreds of ways (bytes
/// replaced, dropped or cut off), and each with every one of its values in turn swapped for a value of another type,
/// an extreme, or nothing, must get an answer or a clear client error in the API's own format, never a 500.
/// </summary>
public sealed class MutatedBodyTests : ServerTestBase
{
    public static TheoryData<string, string, string> Seeds => new()
    {
        { "POST", "/v1/chat/completions", """{"model":"builtin:support","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Where is my order ORD-12345?"}],"temperature":0.2,"max_tokens":50,"user":"u1"}""" },
        { "POST", "/v1/chat/completions", """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},{"role":"tool","tool_call_id":"c1","content":"ok"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"integer"}}}}}],"tool_choice":"auto","stream":true,"stream_options":{"include_usage":true},"stop":["x"]}""" },
        { "POST", "/v1/messages", """{"model":"builtin:support","max_tokens":64,"system":"Be brief.","messages":[{"role":"user","content":[{"type":"text","text":"where is my order"}]}],"stream":false}""" },
        { "POST", "/api/v1/keys", """{"name":"fuzzed","roles":["user"],"tenant":"acme","settings":{"requests_per_minute":10}}""" },
        { "POST", "/api/v1/keys", """{"name":"bot","roles":["service","operator"],"team":"support","user":"ann","allowed_models":["builtin:support"],"requests_per_minute":120,"budgets":[{"period":"day","limit_usd":5}],"expires_at":"2099-01-01T00:00:00Z"}""" },
        { "POST", "/api/v1/conversations", """{"title":"t","model":"builtin:support"}""" },
        { "PUT", "/api/v1/agents/fuzzed", """{"name":"fuzzed","instructions":"Answer briefly.","model":"builtin:support"}""" },
        { "POST", "/api/v1/conversations/{conversation}/messages", """{"content":"Where is my order ORD-12345?"}""" },
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task DamagedBodies_GetAnAnswerOrAClientErrorInTheApisFormat(string method, string path, string seed)
    {
        // The upstream answers as it is asked: a stream when the forwarded request says so, a completion otherwise.
        path = await PrepareAsync(path);
        var valid = Encoding.UTF8.GetBytes(seed);
        await AssertSucceedsAsync(method, path, valid);
        var random = new Random(path.Length * 31 + seed.Length);
        for (var i = 0; i < 150; i++)
        {
            await AssertAnsweredAsync(method, path, BodyDamage.Damage(valid, random));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task BodiesWithAValueOfTheWrongKind_GetAnAnswerOrAClientErrorInTheApisFormat(string method, string path, string seed)
    {
        // Well-formed JSON this time: each value in turn (objects and arrays too) is replaced by every kind of value,
        // an extreme or an empty one, or left out, so that a field's type and range checks are reached, not the parser's.
        path = await PrepareAsync(path);
        await AssertSucceedsAsync(method, path, Encoding.UTF8.GetBytes(seed));
        foreach (var body in BodyDamage.Retyped(seed))
        {
            await AssertAnsweredAsync(method, path, body);
        }
    }

    private async Task<string> PrepareAsync(string path)
    {
        var completion = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"));
        var stream = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));
        Upstream.Handler = context =>
            ((JsonElement)context.Items[FakeOpenAIUpstream.RequestItem]!).TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True
                ? stream(context)
                : completion(context);
        if (!path.Contains("{conversation}", StringComparison.Ordinal))
        {
            return path;
        }

        using var created = await Client.PostAsync("/api/v1/conversations", JsonBody("""{"model":"builtin:support"}"""));
        using var conversation = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return path.Replace("{conversation}", conversation.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    private async Task AssertSucceedsAsync(string method, string path, byte[] body)
    {
        using var first = await SendAsync(method, path, body);
        Assert.True(first.IsSuccessStatusCode, $"the seed itself failed: {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
    }

    private async Task AssertAnsweredAsync(string method, string path, byte[] body)
    {
        using var response = await SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        var what = $"{method} {path} with {Encoding.UTF8.GetString(body)} -> {(int)response.StatusCode} {text}";
        Assert.True((int)response.StatusCode < 500, what);
        if (!response.IsSuccessStatusCode)
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (path.StartsWith("/v1/", StringComparison.Ordinal))
            {
                Assert.True(root.TryGetProperty("error", out _), what);
            }
            else
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(root.TryGetProperty("status", out _) && root.TryGetProperty("title", out _), what);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, byte[] body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        var response = await Client.SendAsync(request);

        // A stream that started is read to its end: a failure inside it must end it cleanly, not break the connection.
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
