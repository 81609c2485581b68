using System.Net;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

/// <summary>
/// The <c>tools-assistant</c> preset on the offline builtin model, end to end over HTTP: the model picks a tool by its
/// examples, fills the arguments from the message, the tool calls a fake adapter on loopback, and the reply comes
/// from the tool's result.
/// </summary>
public sealed class ToolsAssistantTests : IAsyncLifetime
{
    private readonly string _agentsDirectory = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "agents");
    private readonly string _keyVariable = "SWITCHBOARD_TEST_CLOCK_KEY_" + Guid.NewGuid().ToString("N");
    private FakeOpenAIUpstream _models = null!;
    private FakeToolUpstream _tools = null!;
    private SwitchboardFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _models = await FakeOpenAIUpstream.StartAsync();
        _tools = await FakeToolUpstream.StartAsync();

        // A declarative HTTP tool from configuration, used by an agent from a file.
        Directory.CreateDirectory(_agentsDirectory);
        await File.WriteAllTextAsync(Path.Combine(_agentsDirectory, "clock.yaml"), """
            name: clock-desk
            description: Tells the local time.
            entry: clock
            agents:
              - name: clock
                description: Tells the local time anywhere.
                model: builtin:support
                instructions: Tell the time with get_local_time.
                tools: [get_local_time, calculator, get_weather, web_search]
            """);
        Environment.SetEnvironmentVariable(_keyVariable, "clock-secret");

        _factory = new SwitchboardFactory(_models, settings: new Dictionary<string, string?>
        {
            ["Switchboard:Agents:WeatherBaseUrl"] = _tools.BaseUrl,
            ["Switchboard:Agents:SearchBaseUrl"] = _tools.BaseUrl + "/",
            ["Switchboard:Agents:Directory"] = _agentsDirectory,
            ["Switchboard:Agents:HttpTools:0:Name"] = "get_local_time",
            ["Switchboard:Agents:HttpTools:0:Description"] = "Gets the local time in a city.",
            ["Switchboard:Agents:HttpTools:0:Url"] = _tools.BaseUrl + "/v1/time/{city}",
            ["Switchboard:Agents:HttpTools:0:Headers:X-Api-Key"] = "${env:" + _keyVariable + "}",
            ["Switchboard:Agents:HttpTools:0:Headers:X-Tenant"] = "${call:tenant}",
            ["Switchboard:Agents:HttpTools:0:Parameters:city:Description"] = "The city.",
            ["Switchboard:Agents:HttpTools:0:Parameters:city:Required"] = "true",
            ["Switchboard:Agents:HttpTools:0:ResponseField"] = "data",
            ["Switchboard:Agents:HttpTools:0:TimeoutSeconds"] = "5",
            ["Switchboard:Agents:HttpTools:0:Examples:0"] = "what time is it in Tokyo",
            ["Switchboard:Agents:HttpTools:0:Examples:1"] = "what's the local time in London",
            ["Switchboard:Agents:HttpTools:0:Examples:2"] = "what time is it now in New York",
            ["Switchboard:Agents:HttpTools:0:Examples:3"] = "current time in Paris",
            ["Switchboard:Agents:HttpTools:0:Examples:4"] = "time in Sydney",
            ["Switchboard:Agents:HttpTools:0:Examples:5"] = "is it night in Seoul now",
            ["Switchboard:Agents:HttpTools:0:Examples:6"] = "what's the clock saying in Dubai",
            ["Switchboard:Agents:HttpTools:0:Examples:7"] = "tell me the time in Cairo",
            ["Switchboard:Agents:HttpTools:0:Examples:8"] = "local time in Mumbai please",
            ["Switchboard:Agents:HttpTools:0:Examples:9"] = "what hour is it in Lima",
            ["Switchboard:Agents:HttpTools:0:Examples:10"] = "东京现在几点",
            ["Switchboard:Agents:HttpTools:0:Examples:11"] = "伦敦现在几点了",
            ["Switchboard:Agents:HttpTools:0:Examples:12"] = "纽约几点了",
            ["Switchboard:Agents:HttpTools:0:Examples:13"] = "悉尼现在是几点",
        });
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _tools.DisposeAsync();
        await _models.DisposeAsync();
        Environment.SetEnvironmentVariable(_keyVariable, null);
    }

    [Fact]
    public async Task Weather_CallsGetWeatherAndAnswersWithTheAdaptersTemperature()
    {
        var exchange = await AskAsync("tools-assistant", "What's the weather in Paris?");

        var reply = exchange.GetProperty("reply").GetString()!;
        Assert.Contains("18.5", reply);
        Assert.Equal("It is 18.5 °C and partly cloudy in Paris.", reply);
        var call = AssertToolCall(exchange, "get_weather");
        Assert.Equal("Paris", Arguments(call).GetProperty("location").GetString());
        AssertToolResultOk(exchange, "get_weather");
        Assert.Contains("/v1/current?location=Paris&unit=celsius", _tools.Requests);
    }

    [Fact]
    public async Task Weather_InChinese_AnswersInChinese()
    {
        var exchange = await AskAsync("tools-assistant", "北京天气怎么样");

        Assert.Equal("北京现在 18.5 °C，partly cloudy。", exchange.GetProperty("reply").GetString());
        Assert.Equal("北京", Arguments(AssertToolCall(exchange, "get_weather")).GetProperty("location").GetString());
        AssertToolResultOk(exchange, "get_weather");
    }

    [Fact]
    public async Task WebSearch_CallsWebSearchAndListsTheTopResults()
    {
        var exchange = await AskAsync("tools-assistant", "search the web for switchboard gateway");

        var reply = exchange.GetProperty("reply").GetString()!;
        Assert.Contains("Switchboard - an AI agent gateway — https://switchboard.example/", reply);
        Assert.Contains("Switchboard gateway docs — https://switchboard.example/docs", reply);
        AssertToolCall(exchange, "web_search");
        AssertToolResultOk(exchange, "web_search");
        Assert.Contains(_tools.Requests, r => r.StartsWith("/v1/search?q=", StringComparison.Ordinal) && r.EndsWith("&count=5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calculator_AnswersTheProduct()
    {
        var exchange = await AskAsync("tools-assistant", "what is 12 * 7");

        Assert.Contains("84", exchange.GetProperty("reply").GetString());
        Assert.Equal("12 * 7", Arguments(AssertToolCall(exchange, "calculator")).GetProperty("expression").GetString());
        AssertToolResultOk(exchange, "calculator");
        Assert.Empty(_tools.Requests);
    }

    [Fact]
    public async Task HttpToolFromConfiguration_CallsTheApiWithTheSecretHeaderAndSelectsTheField()
    {
        var exchange = await AskAsync("clock-desk", "what's the time in Berlin?");

        Assert.Equal("It is 21:04 in Berlin.", exchange.GetProperty("reply").GetString());
        Assert.Equal("Berlin", Arguments(AssertToolCall(exchange, "get_local_time")).GetProperty("city").GetString());
        var result = AssertToolResultOk(exchange, "get_local_time");
        Assert.Equal("Berlin", JsonDocument.Parse(result.GetProperty("result").GetString()!).RootElement.GetProperty("city").GetString());
        Assert.Equal("/v1/time/Berlin", Assert.Single(_tools.Requests));
        Assert.Equal("clock-secret", Assert.Single(_tools.Headers)["X-Api-Key"]);
        Assert.Equal("default", Assert.Single(_tools.Headers)["X-Tenant"]);
    }

    [Fact]
    public async Task HttpToolFromConfiguration_TellsTheApiTheCallersTenant()
    {
        using var created = await _client.PostAsync("/api/v1/keys", Json("""{"name":"acme desk","tenant":"acme","roles":["user"]}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var acme = _factory.CreateClientWithKey(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString());

        var exchange = await AskAsync("clock-desk", "what's the time in Lima?", acme);

        Assert.Equal("Lima", Arguments(AssertToolCall(exchange, "get_local_time")).GetProperty("city").GetString());
        Assert.Equal("acme", Assert.Single(_tools.Headers)["X-Tenant"]);
    }

    [Fact]
    public async Task AgentsApi_ListsTheAssistantsTools()
    {
        var agent = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/agents/assistant")).RootElement;

        Assert.Equal(["calculator", "get_weather", "web_search"], agent.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
    }

    private async Task<JsonElement> AskAsync(string agent, string content, HttpClient? client = null)
    {
        client ??= _client;
        using var created = await client.PostAsync("/api/v1/conversations", Json($$"""{"agent":"{{agent}}"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        using var posted = await client.PostAsync($"/api/v1/conversations/{id}/messages", Json(JsonSerializer.Serialize(new { content })));
        var body = await posted.Content.ReadAsStringAsync();
        Assert.True(posted.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static JsonElement AssertToolCall(JsonElement exchange, string tool) =>
        Assert.Single(Events(exchange, "tool.call"), e => e.GetProperty("tool").GetString() == tool);

    private static JsonElement AssertToolResultOk(JsonElement exchange, string tool)
    {
        var result = Assert.Single(Events(exchange, "tool.result"), e => e.GetProperty("tool").GetString() == tool);
        Assert.True(result.GetProperty("status").GetString() == "ok", result.GetRawText());
        return result;
    }

    // A tool.call event carries the arguments as the model wrote them: JSON text.
    private static JsonElement Arguments(JsonElement call) => JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement;

    private static IEnumerable<JsonElement> Events(JsonElement exchange, string type) =>
        exchange.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == type);

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
