using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

/// <summary>
/// A running server with the support desk, its specialists on the offline <c>builtin</c> model (mode
/// <c>builtin</c>) or on a fake LLM upstream that emits OpenAI-format tool calls (mode <c>llm</c>).
/// </summary>
internal sealed class SupportDesk : IAsyncDisposable
{
    private SupportDesk(FakeOpenAIUpstream upstream, SwitchboardFactory factory, ScriptedLlm llm)
    {
        Upstream = upstream;
        Factory = factory;
        Llm = llm;
        Client = factory.CreateClient();
    }

    public FakeOpenAIUpstream Upstream { get; }

    public SwitchboardFactory Factory { get; }

    public ScriptedLlm Llm { get; }

    public HttpClient Client { get; }

    public static async Task<SupportDesk> StartAsync(
        string mode,
        ScriptedLlm? llm = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var upstream = await FakeOpenAIUpstream.StartAsync();
        llm ??= ScriptedLlm.Support();
        upstream.Handler = llm.Handler;
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (mode == "llm")
        {
            all["Switchboard:Agents:Model"] = "mock:gpt-4o-mini";
        }

        return new SupportDesk(upstream, new SwitchboardFactory(upstream, settings: all, services: services), llm);
    }

    public async Task<string> StartConversationAsync(string agent = "support-desk")
    {
        using var response = await Client.PostAsync("/api/v1/conversations", Json($$"""{"agent":"{{agent}}"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadAsync(response)).GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> SendAsync(string conversation, string content, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.PostAsync($"/api/v1/conversations/{conversation}/messages", Json(JsonSerializer.Serialize(new { content })));
        var body = await ReadAsync(response);
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {(int)response.StatusCode}: {body}");
        return body;
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var body = await ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetWithStatusAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return (response.StatusCode, await ReadAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var response = await Client.PostAsync(path, Json(json));
        return (response.StatusCode, await ReadAsync(response));
    }

    public static IEnumerable<JsonElement> Events(JsonElement exchange, string type) =>
        exchange.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == type);

    public static string Reply(JsonElement exchange) =>
        exchange.TryGetProperty("reply", out var reply) ? reply.GetString() ?? string.Empty : string.Empty;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
