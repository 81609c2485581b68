using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// The shipped alerting rules and Grafana dashboard (<c>deploy/observability</c>) use only metrics the server really
/// exports, and the rules pass <c>promtool check rules</c> and their own <c>promtool test rules</c> unit tests.
/// </summary>
[Collection(nameof(SequentialTelemetryTests))]
public sealed partial class AlertsAndDashboardTests : IAsyncLifetime
{
    private static readonly string ObservabilityDirectory = Path.Combine(FindRepositoryRoot(), "deploy", "observability");
    internal static readonly string RulesFile = Path.Combine(ObservabilityDirectory, "switchboard-rules.yml");
    private static readonly string RulesTestFile = Path.Combine(ObservabilityDirectory, "switchboard-rules.test.yml");
    private static readonly string DashboardFile = Path.Combine(ObservabilityDirectory, "switchboard-dashboard.json");

    private FakeOpenAIUpstream _upstream = null!;
    private SwitchboardFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAIUpstream.StartAsync();
        _factory = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?>
        {
            // A route whose first target always fails: a retry and a fallback are counted.
            ["Switchboard:Routes:chain:Targets:0"] = "mock:mock-chat",
            ["Switchboard:Routes:chain:Targets:1"] = "mock:gpt-4o-mini",
        });
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task RulesAndDashboard_UseOnlyMetricsTheServerExports()
    {
        var exposition = await DriveEveryLayerAndScrapeAsync();

        var rulesExpressions = RuleExpressions(await File.ReadAllTextAsync(RulesFile));
        var dashboardExpressions = DashboardExpressions(await File.ReadAllTextAsync(DashboardFile));
        Assert.True(rulesExpressions.Count >= 8, $"expected the rules' expressions, found {rulesExpressions.Count}");
        Assert.True(dashboardExpressions.Count >= 10, $"expected the dashboard's queries, found {dashboardExpressions.Count}");

        var used = rulesExpressions.Concat(dashboardExpressions).SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("switchboard_model_requests_total", used);
        Assert.Contains("gen_ai_client_operation_time_to_first_chunk_seconds_bucket", used);
        Assert.Contains("switchboard_handoff_queue_length", used);
        Assert.Contains("switchboard_handoff_queue_oldest_wait_seconds", used);
        Assert.Contains("switchboard_handoff_wait_seconds_bucket", used);
        Assert.DoesNotContain("gen_ai_request_model", used); // a label, not a metric

        var sampleNames = exposition.Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var missing = used.Where(name => !Exported(name, exposition, sampleNames)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"used in deploy/observability but not exported at /metrics: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Dashboard_IsGrafanaJsonWithAPrometheusInput()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardFile));
        var root = dashboard.RootElement;
        Assert.Equal("DS_PROMETHEUS", root.GetProperty("__inputs")[0].GetProperty("name").GetString());
        Assert.InRange(root.GetProperty("schemaVersion").GetInt32(), 36, 41);
        var panels = root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.NotEmpty(panels);
        Assert.All(panels, p => Assert.Equal("${DS_PROMETHEUS}", p.GetProperty("datasource").GetProperty("uid").GetString()));
    }

    [Fact]
    public async Task Rules_PassPromtoolCheckAndTheirUnitTests()
    {
        var promtool = FindOnPath("promtool");
        Assert.True(
            promtool is not null,
            "promtool is not on PATH. ./scripts/test.sh installs it (Debian package 'prometheus'); by hand: apt-get install --no-install-recommends prometheus");

        var (checkCode, checkOutput) = await RunAsync(promtool!, "check", "rules", RulesFile);
        Assert.True(checkCode == 0, $"promtool check rules exited {checkCode}:\n{checkOutput}");
        var (testCode, testOutput) = await RunAsync(promtool!, "test", "rules", RulesTestFile);
        Assert.True(testCode == 0, $"promtool test rules exited {testCode}:\n{testOutput}");
    }

    /// <summary>A model call that is retried and falls back, a streamed one, an agent conversation with a handoff
    /// and a tool call, and an escalation to the human queue that an operator claims, so that every counter, gauge and
    /// histogram has a series.</summary>
    private async Task<PrometheusExposition> DriveEveryLayerAndScrapeAsync()
    {
        var events = Fixture.SseEvents("openai/stream_text.sse");
        _upstream.Handler = context =>
        {
            var request = (JsonElement)context.Items[FakeOpenAIUpstream.RequestItem]!;
            if (request.GetProperty("model").GetString() == "upstream-chat-v2")
            {
                return FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), StatusCodes.Status500InternalServerError)(context);
            }

            return request.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True
                ? FakeOpenAIUpstream.Sse(events)(context)
                : FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"))(context);
        };

        using (var chat = await PostAsync("/v1/chat/completions", """{"model":"chain","messages":[{"role":"user","content":"Hello"}]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }

        using (var streamed = await PostAsync("/v1/chat/completions", """{"model":"mock:gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello"}]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
            Assert.Contains("[DONE]", await streamed.Content.ReadAsStringAsync());
        }

        var order = await StartConversationAsync("support-desk");
        using (var answer = await PostAsync($"/api/v1/conversations/{order}/messages", """{"content":"Where is my order ORD-1001?"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("get_order_status", await answer.Content.ReadAsStringAsync());
        }

        var person = await StartConversationAsync("support-desk");
        string queueItem;
        using (var escalated = await PostAsync($"/api/v1/conversations/{person}/messages", """{"content":"I want to talk to a person"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, escalated.StatusCode);
            using var exchange = JsonDocument.Parse(await escalated.Content.ReadAsStringAsync());
            var escalation = Assert.Single(exchange.RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "escalation");
            queueItem = escalation.GetProperty("queue_item_id").GetString()!;
        }

        // The wait histogram has a sample only once an operator claims a conversation.
        using (var claimed = await PostAsync($"/api/v1/handoff-queue/{queueItem}/claim", """{"operator":"dana"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        }

        // Governance: a refused key, a call refused by a budget then a request refused by a rate limit, a call to a
        // model without a price, and a cache lookup.
        using (var anonymous = _factory.CreateClientWithKey("not-a-key"))
        using (var refused = await anonymous.GetAsync("/api/v1/conversations"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var created = await PostAsync("/api/v1/keys", """{"name":"tight","roles":["service"],"requests_per_minute":1,"budgets":[{"period":"day","limit_usd":0.000001}]}"""))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var tight = _factory.CreateClientWithKey(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString());
            const string call = """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""";
            using var overBudget = await tight.PostAsync("/v1/chat/completions", new StringContent(call, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.PaymentRequired, overBudget.StatusCode);
            using var overRate = await tight.PostAsync("/v1/chat/completions", new StringContent(call, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.TooManyRequests, overRate.StatusCode);
        }

        using (var unpriced = await PostAsync("/v1/chat/completions", """{"model":"slow:slow-model","messages":[{"role":"user","content":"Hello"}]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, unpriced.StatusCode);
        }

        using var response = await _client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusExposition.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A name is exported when a sample carries it and its family is declared; a <c>_bucket</c>,
    /// <c>_sum</c> or <c>_count</c> only on a histogram (or summary) family.</summary>
    private static bool Exported(string name, PrometheusExposition exposition, HashSet<string> sampleNames)
    {
        if (!sampleNames.Contains(name))
        {
            return false;
        }

        if (exposition.Types.ContainsKey(name))
        {
            return true;
        }

        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal)
                && exposition.Types.TryGetValue(name[..^suffix.Length], out var type)
                && type is "histogram" or "summary")
            {
                return true;
            }
        }

        // A counter's family may be declared without its _total suffix.
        return name.EndsWith("_total", StringComparison.Ordinal)
            && exposition.Types.TryGetValue(name[..^"_total".Length], out var counter)
            && counter == "counter";
    }

    /// <summary>Metric names in a PromQL expression, roughly: label matchers (<c>{…}</c>), grouping and matching
    /// clauses (<c>by (…)</c>, <c>on (…)</c>…) and strings are removed first, so label names are not taken for
    /// metrics.</summary>
    internal static IEnumerable<string> MetricNames(string expression)
    {
        var stripped = StringLiteral().Replace(expression, "\"\"");
        stripped = Matchers().Replace(stripped, " ");
        stripped = Clauses().Replace(stripped, " ");
        return MetricName().Matches(stripped).Select(m => m.Value);
    }

    private static List<string> RuleExpressions(string rules)
    {
        // `expr:` either on one line or as a `|` block indented under it.
        var expressions = new List<string>();
        var lines = rules.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = ExprLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var value = match.Groups["value"].Value.Trim();
            if (value is not ("|" or ">" or "|-" or ">-"))
            {
                expressions.Add(value.Trim('\'', '"'));
                continue;
            }

            var indent = match.Groups["indent"].Value.Length;
            var block = new StringBuilder();
            while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
            {
                block.AppendLine(lines[++i]);
            }

            expressions.Add(block.ToString());
        }

        return expressions;
    }

    private static List<string> DashboardExpressions(string json)
    {
        using var dashboard = JsonDocument.Parse(json);
        var expressions = new List<string>();
        Collect(dashboard.RootElement);
        return expressions;

        void Collect(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Name is "expr" or "definition" && property.Value.ValueKind == JsonValueKind.String)
                        {
                            expressions.Add(property.Value.GetString()!);
                        }
                        else
                        {
                            Collect(property.Value);
                        }
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item);
                    }

                    break;
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ObservabilityDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} {string.Join(' ', arguments)} timed out after 60 s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Switchboard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Switchboard.slnx above {AppContext.BaseDirectory}");
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<string> StartConversationAsync(string agent)
    {
        using var response = await PostAsync("/api/v1/conversations", $$"""{"agent":"{{agent}}"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")]
    private static partial Regex Clauses();

    [GeneratedRegex(@"\b(?:switchboard_|gen_ai_|http_server_)[a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^(?<indent>\s*)(?:-\s+)?expr:\s*(?<value>.*)$")]
    private static partial Regex ExprLine();
}
