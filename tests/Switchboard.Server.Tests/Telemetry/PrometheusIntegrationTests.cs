using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// A real Prometheus scrapes a running server the way docs/observability.md tells operators to: with an operator key
/// from a <c>credentials_file</c>, the shipped alerting rules loaded. It reads what the server did, evaluates every
/// rule without error against the server's real series, and a scrape without the key is refused.
/// </summary>
[Collection(nameof(SequentialTelemetryTests))]
public sealed partial class PrometheusIntegrationTests
{
    private const string Job = "switchboard";
    private const string AnonymousJob = "switchboard-anonymous";
    private const int ModelCalls = 3;

    /// <summary>Everything, Prometheus's start included, must be done within this.</summary>
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Prometheus_ScrapingTheServer_SeesItsCallsEvaluatesTheRulesAndIsRefusedWithoutAKey()
    {
        var executable = AlertsAndDashboardTests.FindOnPath("prometheus");
        Assert.True(
            executable is not null,
            "prometheus is not on PATH. ./scripts/test.sh installs it (Debian package 'prometheus'); by hand: apt-get install --no-install-recommends prometheus");
        using var limit = new CancellationTokenSource(TimeLimit);
        var cancellationToken = limit.Token;

        await using var server = await KestrelSwitchboard.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(server.Address) };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", SwitchboardFactory.AdminKey);
        using var created = await admin.PostAsync("/api/v1/keys", Json("""{"name":"prometheus","roles":["operator"]}"""), cancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var operatorKey = JsonDocument.Parse(await created.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("key").GetString()!;

        await using var prometheus = new PrometheusServer(executable!);
        var credentials = prometheus.WriteFile("switchboard.key", operatorKey);
        await prometheus.StartAsync(Configuration(new Uri(server.Address).Authority, credentials), cancellationToken);

        for (var i = 0; i < ModelCalls; i++)
        {
            using var call = await admin.PostAsync("/v1/chat/completions", Json("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}"""), cancellationToken);
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        }

        // The target with the key is up; the one without is down, refused with a 401.
        var targets = await PollAsync(
            prometheus,
            "/api/v1/targets?state=active",
            data => Target(data, Job) is { } up && Health(up) == "up" && Target(data, AnonymousJob) is { } down && Health(down) == "down",
            "both targets scraped",
            cancellationToken);
        var scraped = Target(targets, Job)!.Value;
        Assert.Equal("", scraped.GetProperty("lastError").GetString());
        Assert.Equal($"{server.Address}/metrics", scraped.GetProperty("scrapeUrl").GetString());
        var refused = Target(targets, AnonymousJob)!.Value;
        Assert.Contains("401", refused.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, Value(await prometheus.ApiAsync(Query($"up{{job=\"{AnonymousJob}\"}}"), cancellationToken)));
        Assert.Equal(1, Value(await prometheus.ApiAsync(Query($"up{{job=\"{Job}\"}}"), cancellationToken)));

        // What the server counted arrives in Prometheus.
        var calls = await PollAsync(
            prometheus,
            Query($"sum(switchboard_model_requests_total{{job=\"{Job}\"}})"),
            data => Value(data) >= ModelCalls,
            $"sum(switchboard_model_requests_total) >= {ModelCalls}",
            cancellationToken);
        Assert.True(Value(calls) >= ModelCalls);
        var seenAt = DateTimeOffset.UtcNow;

        // Every shipped alert is loaded, and every group has been evaluated since the data arrived, without an error.
        var rules = await PollAsync(
            prometheus,
            "/api/v1/rules",
            data => Groups(data) is { Count: > 0 } groups && groups.All(g => EvaluatedAt(g.GetProperty("lastEvaluation")) > seenAt),
            "every rule group evaluated after the model calls were scraped",
            cancellationToken);
        var loaded = Groups(rules).SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        var shipped = AlertNames(await File.ReadAllTextAsync(AlertsAndDashboardTests.RulesFile, cancellationToken));
        Assert.Contains("SwitchboardHandoffWaitTooLong", shipped);
        Assert.Equal(shipped.Order(StringComparer.Ordinal), loaded.Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["switchboard-agents", "switchboard-governance", "switchboard-http", "switchboard-models"],
            Groups(rules).Select(g => g.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(loaded, rule =>
        {
            var error = rule.TryGetProperty("lastError", out var e) ? e.GetString() : "";
            Assert.True(
                rule.GetProperty("health").GetString() == "ok" && string.IsNullOrEmpty(error),
                $"{rule.GetProperty("name").GetString()}: health {rule.GetProperty("health").GetString()}, error '{error}'");
            Assert.Equal("alerting", rule.GetProperty("type").GetString());
        });
    }

    /// <summary>prometheus.yml: one job with the operator key, one without, both at the server; the shipped rules.</summary>
    private static string Configuration(string target, string credentialsFile) => $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - '{AlertsAndDashboardTests.RulesFile}'
        scrape_configs:
          - job_name: {Job}
            authorization:
              credentials_file: '{credentialsFile}'
            static_configs:
              - targets: ['{target}']
          - job_name: {AnonymousJob}
            static_configs:
              - targets: ['{target}']
        """;

    /// <summary>Reads an API path until <paramref name="done"/> holds; fails with the last answer and Prometheus's log when time runs out.</summary>
    private static async Task<JsonElement> PollAsync(
        PrometheusServer prometheus, string pathAndQuery, Func<JsonElement, bool> done, string what, CancellationToken cancellationToken)
    {
        JsonElement? last = null;
        try
        {
            while (true)
            {
                var data = await prometheus.ApiAsync(pathAndQuery, cancellationToken);
                if (done(data))
                {
                    return data;
                }

                last = data;
                await Task.Delay(250, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Not within {TimeLimit.TotalSeconds} s: {what}. Last answer to {pathAndQuery}: {last}\nPrometheus log:\n{prometheus.Log}");
            throw;
        }
    }

    private static JsonElement? Target(JsonElement targets, string job) =>
        targets.GetProperty("activeTargets").EnumerateArray()
            .Select(t => (JsonElement?)t)
            .FirstOrDefault(t => t!.Value.GetProperty("labels").GetProperty("job").GetString() == job);

    private static string? Health(JsonElement? target) => target?.GetProperty("health").GetString();

    private static List<JsonElement> Groups(JsonElement rules) => [.. rules.GetProperty("groups").EnumerateArray()];

    private static string Query(string promql) => $"/api/v1/query?query={Uri.EscapeDataString(promql)}";

    /// <summary>The value of an instant query's single sample; NaN when it has none.</summary>
    private static double Value(JsonElement data)
    {
        var result = data.GetProperty("result");
        return result.GetArrayLength() == 1 ? double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) : double.NaN;
    }

    /// <summary>An RFC 3339 time from Prometheus, whose nanoseconds .NET does not parse: cut to 100 ns ticks.</summary>
    private static DateTimeOffset EvaluatedAt(JsonElement time) =>
        DateTimeOffset.Parse(ExtraFractionDigits().Replace(time.GetString()!, "$1"), CultureInfo.InvariantCulture);

    private static List<string> AlertNames(string rules) =>
        AlertLine().Matches(rules).Select(m => m.Groups["name"].Value).ToList();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex ExtraFractionDigits();

    [GeneratedRegex(@"^\s*- alert:\s*(?<name>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertLine();
}
