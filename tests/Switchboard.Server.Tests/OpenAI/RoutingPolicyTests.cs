using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Hosting;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.OpenAI;

/// <summary>Routing policies and the x-switchboard-route override, over HTTP, against a fake upstream that records the model it was asked for.</summary>
public sealed class RoutingPolicyTests : IAsyncLifetime
{
    private const string Tools = """
        "tools":[{"type":"function","function":{"name":"search_orders","description":"Search orders","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}]
        """;

    private static readonly string[] RefundExamples =
    [
        "I want a refund", "refund my order please", "give me my money back", "I was charged twice, refund me",
        "how do I return this and get my money back", "the product broke, I want a refund", "cancel my order and refund me",
        "can I get a refund for this item", "I'd like to return the shoes for a refund", "when will my refund arrive",
        "我要退款", "请给我退钱",
    ];

    private static readonly string[] AccountExamples =
    [
        "I forgot my password", "I can't log in to my account", "the login page says my password is wrong",
        "how do I change my password", "my account is locked", "reset my login", "two-factor code does not arrive",
        "I can't sign in", "how can I recover my account", "the password reset email never came",
        "忘记密码了", "账号登录不了",
    ];

    private FakeOpenAIUpstream _upstream = null!;
    private SwitchboardFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAIUpstream.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            // Three upstream models, a route for each tier, and two policies over them.
            ["Switchboard:Providers:mock:Models:2:Id"] = "mock-pro",
            ["Switchboard:Routes:fast:Targets:0"] = "mock:gpt-4o-mini",
            ["Switchboard:Routes:smart:Targets:0"] = "mock:mock-chat",
            ["Switchboard:Routes:reasoning:Targets:0"] = "mock:mock-pro",
            ["Switchboard:Policies:auto:Kind"] = "intent",
            ["Switchboard:Policies:auto:Default"] = "fast",
            ["Switchboard:Policies:auto:Intents:refund:Target"] = "smart",
            ["Switchboard:Policies:auto:Intents:account:Target"] = "reasoning",
            ["Switchboard:Policies:tiered:Kind"] = "complexity",
            ["Switchboard:Policies:tiered:Tiers:0"] = "fast",
            ["Switchboard:Policies:tiered:Tiers:1"] = "smart",
            ["Switchboard:Policies:tiered:Tiers:2"] = "reasoning",
        };
        for (var i = 0; i < RefundExamples.Length; i++)
        {
            settings[$"Switchboard:Policies:auto:Intents:refund:Examples:{i}"] = RefundExamples[i];
        }

        for (var i = 0; i < AccountExamples.Length; i++)
        {
            settings[$"Switchboard:Policies:auto:Intents:account:Examples:{i}"] = AccountExamples[i];
        }

        _factory = new SwitchboardFactory(_upstream, settings: settings);
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task RateLimitOnAPolicyName_CountsTheCallsMadeUnderIt()
    {
        // The policy stage hands its choice down as the model; the limit is still counted under the policy's name.
        await using var factory = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?>
        {
            ["Switchboard:Routes:fast:Targets:0"] = "mock:gpt-4o-mini",
            ["Switchboard:Routes:smart:Targets:0"] = "mock:mock-chat",
            ["Switchboard:Policies:tiered:Kind"] = "complexity",
            ["Switchboard:Policies:tiered:Tiers:0"] = "fast",
            ["Switchboard:Policies:tiered:Tiers:1"] = "smart",
            ["Switchboard:RateLimits:Models:tiered:RequestsPerMinute"] = "2",
        }, services: services => services.AddSingleton<TimeProvider>(new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 30, TimeSpan.Zero))));
        using var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/v1/chat/completions", new StringContent("""{"model":"tiered","messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.OK, statuses[1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2]);
    }

    [Fact]
    public async Task IntentPolicy_SendsARefundAndAPasswordResetToDifferentModels()
    {
        using var refund = await PostChat(Chat("auto", "I want a refund for my order"));
        using var password = await PostChat(Chat("auto", "how do I reset my password"));

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.Equal(["upstream-chat-v2", "mock-pro"], UpstreamModels());
        Assert.Equal("smart", Header(refund, "x-switchboard-route"));
        Assert.Matches(@"^intent 'refund' \(\d\.\d\d\) -> smart$", Header(refund, "x-switchboard-route-reason"));
        Assert.Equal("mock:mock-chat", Header(refund, "x-switchboard-model"));
        Assert.Equal("mock:mock-chat", (await ReadJson(refund)).GetProperty("model").GetString());
        Assert.Equal("reasoning", Header(password, "x-switchboard-route"));
        Assert.StartsWith("intent 'account'", Header(password, "x-switchboard-route-reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IntentPolicy_OffTopicMessage_GoesToTheDefault()
    {
        using var response = await PostChat(Chat("auto", "tell me a joke"));

        Assert.Equal(["gpt-4o-mini"], UpstreamModels());
        Assert.Equal("fast", Header(response, "x-switchboard-route"));
        Assert.EndsWith("-> default fast", Header(response, "x-switchboard-route-reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComplexityPolicy_GreetingGoesToTheFastTier_AnalysisWithToolsToTheTop()
    {
        const string Analysis = "Compare our two warehouse suppliers over the last quarter and analyze why deliveries from the second one "
            + "were late more often. Go step by step: first the order volumes, then the carriers, then the regions, and finish "
            + "with a recommendation we can act on next month. Use the order search tool where you need figures.";

        using var greeting = await PostChat(Chat("tiered", "Hi there!"));
        using var analysis = await PostChat($$"""{"model":"tiered","messages":[{"role":"user","content":"{{Analysis}}"}],{{Tools}}}""");

        Assert.Equal(HttpStatusCode.OK, analysis.StatusCode);
        Assert.Equal(["gpt-4o-mini", "mock-pro"], UpstreamModels());
        Assert.Equal("fast", Header(greeting, "x-switchboard-route"));
        Assert.Equal("complexity 0.00 -> fast", Header(greeting, "x-switchboard-route-reason"));
        Assert.Equal("reasoning", Header(analysis, "x-switchboard-route"));
        Assert.Matches(@"^complexity 0\.\d\d \(up: analyze, compare, step by step; tools\) -> reasoning$", Header(analysis, "x-switchboard-route-reason"));
        Assert.Equal("search_orders", _upstream.Requests.Last().GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ReasonWithChineseKeywords_IsPercentEncodedInTheHeader()
    {
        using var response = await PostChat(Chat("tiered", "请分析一下"));

        Assert.Equal("smart", Header(response, "x-switchboard-route"));
        var reason = Header(response, "x-switchboard-route-reason");
        Assert.Matches(@"^complexity 0\.0\d \(up: 分析\) -> smart$", Uri.UnescapeDataString(reason));
        Assert.Contains("%E5%88%86%E6%9E%90", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverrideHeader_WinsOverAPolicyAndOverAModel()
    {
        using var overPolicy = await PostChat(Chat("auto", "I want a refund for my order"), route: "reasoning");
        using var overModel = await PostChat(Chat("mock:gpt-4o-mini", "Hello"), route: "mock/mock-chat");

        Assert.Equal(["mock-pro", "upstream-chat-v2"], UpstreamModels());
        Assert.Equal("reasoning", Header(overPolicy, "x-switchboard-route"));
        Assert.Equal("override", Header(overPolicy, "x-switchboard-route-reason"));
        Assert.Equal("mock:mock-chat", Header(overModel, "x-switchboard-route"));
        Assert.Equal("mock:mock-chat", Header(overModel, "x-switchboard-model"));
    }

    [Fact]
    public async Task OverrideHeader_MayNameAPolicy_AndReplacesAnUnknownBodyModel()
    {
        using var response = await PostChat(Chat("no-such-model", "Hi there!"), route: "tiered");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gpt-4o-mini"], UpstreamModels());
        Assert.Equal("override -> policy tiered: complexity 0.00 -> fast", Header(response, "x-switchboard-route-reason"));
    }

    [Fact]
    public async Task PlainModel_HasNoRouteHeaders()
    {
        using var response = await PostChat(Chat("mock:gpt-4o-mini", "Hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-switchboard-route"));
        Assert.False(response.Headers.Contains("x-switchboard-route-reason"));
    }

    [Fact]
    public async Task Streaming_ThroughAPolicy_SetsTheHeadersAndStreams()
    {
        _upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));

        using var response = await PostChat("""{"model":"auto","stream":true,"messages":[{"role":"user","content":"I want a refund for my order"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("smart", Header(response, "x-switchboard-route"));
        Assert.StartsWith("intent 'refund'", Header(response, "x-switchboard-route-reason"), StringComparison.Ordinal);
        var events = await SseParser.ReadAllAsync(response);
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.Equal("mock:mock-chat", events[0].Json.GetProperty("model").GetString());
        Assert.Equal(["upstream-chat-v2"], UpstreamModels());
    }

    [Fact]
    public async Task UnknownOverride_IsAnOpenAIStyle400_AndNothingIsCalled()
    {
        using var response = await PostChat(Chat("auto", "Hello"), route: "nope");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await ReadJson(response)).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("x-switchboard-route", error.GetProperty("param").GetString());
        Assert.Contains("'nope'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task MessagesEndpoint_AcceptsPoliciesAndTheOverride()
    {
        using var routed = await PostMessages("""{"model":"auto","max_tokens":64,"messages":[{"role":"user","content":"I want a refund for my order"}]}""");
        using var unknown = await PostMessages("""{"model":"auto","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}""", route: "nope");

        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        Assert.Equal("smart", Header(routed, "x-switchboard-route"));
        Assert.Equal("mock:mock-chat", (await ReadJson(routed)).GetProperty("model").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var body = await ReadJson(unknown);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(["upstream-chat-v2"], UpstreamModels());
    }

    [Fact]
    public async Task Models_ListsRoutesAndPolicies()
    {
        var data = (await ReadJson(await _client.GetAsync("/v1/models"))).GetProperty("data").EnumerateArray()
            .ToDictionary(m => m.GetProperty("id").GetString()!);

        Assert.Equal("mock", data["mock:gpt-4o-mini"].GetProperty("owned_by").GetString());
        var smart = data["smart"];
        Assert.Equal("model", smart.GetProperty("object").GetString());
        Assert.Equal("switchboard:route", smart.GetProperty("owned_by").GetString());
        Assert.Equal(["mock:mock-chat"], smart.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        var auto = data["auto"];
        Assert.Equal("switchboard:policy", auto.GetProperty("owned_by").GetString());
        Assert.Equal("intent", auto.GetProperty("policy_kind").GetString());
        Assert.Equal(["reasoning", "smart", "fast"], auto.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("complexity", data["tiered"].GetProperty("policy_kind").GetString());
    }

    [Fact]
    public void BadPolicyConfiguration_FailsStartUpNamingTheFields()
    {
        var exception = Assert.Throws<ConfigurationValidationException>(() => SwitchboardApplication.Build(
        [
            "--Switchboard:Policies:auto:Kind=intent",
            "--Switchboard:Policies:auto:Intents:refund:Target=openai:gpt-4o",
            "--Switchboard:Policies:gpt-4o:Kind=complexity",
            "--Switchboard:Policies:gpt-4o:Tiers:0=openai:gpt-4o-mini",
            "--Switchboard:Policies:gpt-4o:Tiers:1=premium",
            "--Switchboard:Storage:DatabasePath=" + Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "x.db"),
        ]));

        Assert.Contains("Switchboard:Policies:auto:Intents:refund:Examples: list at least one example utterance.", exception.Errors);
        Assert.Contains("Switchboard:Policies:auto:Default: is required (a route or model name).", exception.Errors);
        Assert.Contains("Switchboard:Policies:gpt-4o: 'gpt-4o' is also a model (openai:gpt-4o); a policy needs a name of its own.", exception.Errors);
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Policies:gpt-4o:Tiers:1: 'premium' is neither a route nor a model.", StringComparison.Ordinal));
        Assert.Equal(4, exception.Errors.Count);
    }

    private static string Chat(string model, string text) =>
        JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = text } } });

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private List<string?> UpstreamModels() => [.. _upstream.Requests.Select(r => r.GetProperty("model").GetString())];

    private Task<HttpResponseMessage> PostChat(string json, string? route = null) => Post("/v1/chat/completions", json, route);

    private Task<HttpResponseMessage> PostMessages(string json, string? route = null) => Post("/v1/messages", json, route);

    private Task<HttpResponseMessage> Post(string path, string json, string? route)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (route is not null)
        {
            request.Headers.Add("x-switchboard-route", route);
        }

        return _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
