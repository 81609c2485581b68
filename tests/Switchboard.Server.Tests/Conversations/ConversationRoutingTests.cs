using System.Net;
using System.Text;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Conversations;

/// <summary>Routes and routing policies as the model of a stored conversation: the serving target is recorded on each reply.</summary>
public sealed class ConversationRoutingTests : IAsyncLifetime
{
    private FakeOpenAIUpstream _upstream = null!;
    private SwitchboardFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAIUpstream.StartAsync();
        _factory = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?>
        {
            ["Switchboard:Routes:chain:Targets:0"] = "slow:slow-model",
            ["Switchboard:Routes:chain:Targets:1"] = "mock:mock-chat",
            ["Switchboard:Routes:chain:MaxAttempts"] = "1",
            ["Switchboard:Providers:slow:BaseUrl"] = "http://127.0.0.1:9/v1", // refused: the route falls back
            ["Switchboard:Policies:auto:Kind"] = "complexity",
            ["Switchboard:Policies:auto:Tiers:0"] = "mock:gpt-4o-mini",
            ["Switchboard:Policies:auto:Tiers:1"] = "chain",
        });
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [InlineData("chain", false, "mock:mock-chat")]
    [InlineData("chain", true, "mock:mock-chat")]
    [InlineData("auto", false, "mock:gpt-4o-mini")]
    public async Task AConversationOnARouteOrPolicy_RecordsTheTargetThatServed(string model, bool stream, string expected)
    {
        using var created = await _client.PostAsync("/api/v1/conversations", Json($$"""{"model":"{{model}}"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var conversation = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(model, conversation.GetProperty("model").GetString());
        var id = conversation.GetProperty("id").GetString();
        if (stream)
        {
            _upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{id}/messages") { Content = Json("""{"content":"hi"}""") };
        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = JsonDocument.Parse(await (await _client.GetAsync($"/api/v1/conversations/{id}/messages")).Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        var assistant = messages.EnumerateArray().Single(m => m.GetProperty("role").GetString() == "assistant");
        Assert.Equal(expected, assistant.GetProperty("model").GetString());
        Assert.Equal("mock", assistant.GetProperty("provider").GetString());
    }

    [Fact]
    public async Task AnUnknownModelRouteOrPolicy_Is400()
    {
        using var created = await _client.PostAsync("/api/v1/conversations", Json("""{"model":"nowhere"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
