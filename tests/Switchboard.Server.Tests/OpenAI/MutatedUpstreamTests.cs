using System.Net;
using System.Text;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.OpenAI;

/// <summary>
/// A damaged answer from an upstream never crashes the server or leaves a client guessing: recorded OpenAI and Anthropic answers,
/// each damaged hundreds of ways, must reach the client as an answer, a 502 (or 503 once the circuit opens) in OpenAI's error format, or (once a
/// stream has started) a stream that ends with <c>[DONE]</c> or an error event.
/// </summary>
public sealed class MutatedUpstreamTests : ServerTestBase
{
    [Theory]
    [InlineData("openai/chat_completion.json", false)]
    [InlineData("openai/chat_completion_parallel_tools.json", false)]
    [InlineData("openai/stream_text.sse", true)]
    [InlineData("openai/stream_parallel_tools.sse", true)]
    [InlineData("anthropic/message.json", false)]
    [InlineData("anthropic/message_tool_use.json", false)]
    [InlineData("anthropic/stream_text.sse", true)]
    [InlineData("anthropic/stream_tool_use.sse", true)]
    public async Task DamagedAnswers_ReachTheClientAsAnAnswerOrAClearError(string fixture, bool stream)
    {
        // The Anthropic answers come through the provider of kind anthropic, to the same OpenAI-format endpoint.
        var model = fixture.StartsWith("anthropic/", StringComparison.Ordinal) ? "claude:sonnet" : "mock:gpt-4o-mini";
        var valid = Encoding.UTF8.GetBytes(Fixture.Read(fixture).Replace("\r\n", "\n"));
        var random = new Random(fixture.Length);
        for (var i = 0; i < 150; i++)
        {
            var body = i == 0 ? valid : BodyDamage.Damage(valid, random);
            Upstream.Handler = async context =>
            {
                context.Response.ContentType = stream ? "text/event-stream" : "application/json";
                await context.Response.Body.WriteAsync(body);
            };

            var request = $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}],"stream":{{(stream ? "true" : "false")}}}""";
            using var response = await PostChatAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var what = $"upstream sent {Encoding.UTF8.GetString(body)}\n-> {(int)response.StatusCode} {text}";
            if (i == 0)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK && (!stream || text.EndsWith("data: [DONE]\n\n", StringComparison.Ordinal)), what);
            }

            if (response.StatusCode == HttpStatusCode.OK && stream)
            {
                // Headers went out: the stream must say how it ended.
                var last = text.TrimEnd('\n').Split("\n\n")[^1];
                Assert.True(last == "data: [DONE]" || (last.StartsWith("data: {\"error\":", StringComparison.Ordinal) && JsonDocument.Parse(last[6..]) is not null), what);
            }
            else if (response.StatusCode != HttpStatusCode.OK)
            {
                // 502 for the answer itself; 503 once so many answers failed that the target's circuit opened.
                Assert.True(response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, what);
                using var error = JsonDocument.Parse(text);
                Assert.Equal("upstream_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
            }
            else
            {
                using var answer = JsonDocument.Parse(text);
                Assert.Equal("chat.completion", answer.RootElement.GetProperty("object").GetString());
            }
        }
    }
}
