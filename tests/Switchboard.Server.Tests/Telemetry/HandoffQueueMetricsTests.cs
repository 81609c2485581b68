using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tests.Agents;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// How long customers wait for a person, at <c>GET /metrics</c>: the age of the oldest waiting handoff per team
/// (<c>switchboard_handoff_queue_oldest_wait_seconds</c>) and the wait of each claimed one
/// (<c>switchboard_handoff_wait_seconds</c>), on a server whose clock the test moves.
/// </summary>
[Collection(nameof(SequentialTelemetryTests))]
public sealed class HandoffQueueMetricsTests : IAsyncLifetime
{
    private const string OldestWait = "switchboard_handoff_queue_oldest_wait_seconds";
    private const string Wait = "switchboard_handoff_wait_seconds";

    // The support desk's agents escalate to this team (support-desk.yaml).
    private static readonly (string, string) Support = ("team", "support");

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private SupportDesk _desk = null!;

    public async Task InitializeAsync() =>
        _desk = await SupportDesk.StartAsync("builtin", services: services => services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task OldestWait_WhileConversationsWait_IsTheOldestOnesAge_AndZeroOnceAllAreClaimed()
    {
        var first = await EscalateAsync();
        _clock.Advance(TimeSpan.FromSeconds(100));
        var second = await EscalateAsync();
        _clock.Advance(TimeSpan.FromSeconds(25));

        var bothWaiting = await ScrapeAsync();
        Assert.Equal("gauge", bothWaiting.Types[OldestWait]);
        Assert.Equal(125, bothWaiting.Sum(OldestWait, Support), 3);
        Assert.Equal(2, bothWaiting.Sum("switchboard_handoff_queue_length", ("status", "waiting")));

        // The oldest is claimed; the clock moves on past the reading's lifetime: the younger one is now the oldest.
        await ClaimAsync(first, "dana");
        _clock.Advance(HandoffQueueGauges.MaxAge);
        var oneWaiting = await ScrapeAsync();
        Assert.Equal(25 + HandoffQueueGauges.MaxAge.TotalSeconds, oneWaiting.Sum(OldestWait, Support), 3);

        await ClaimAsync(second, "dana");
        _clock.Advance(HandoffQueueGauges.MaxAge);
        var noneWaiting = await ScrapeAsync();
        Assert.True(noneWaiting.Has(OldestWait, Support), "a team whose queue drained keeps its series, at 0");
        Assert.Equal(0, noneWaiting.Sum(OldestWait, Support));
        Assert.Equal(0, noneWaiting.Sum("switchboard_handoff_queue_length", ("status", "waiting")));
        Assert.Equal(2, noneWaiting.Sum("switchboard_handoff_queue_length", ("status", "claimed")));
    }

    [Fact]
    public async Task OldestWait_BetweenReadingsOfTheStore_KeepsGrowing()
    {
        await EscalateAsync();
        _clock.Advance(TimeSpan.FromSeconds(30));
        var first = await ScrapeAsync();

        // Within the reading's lifetime the store is not asked again, but the age is computed at each scrape.
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await ScrapeAsync();

        Assert.Equal(30, first.Sum(OldestWait, Support), 3);
        Assert.Equal(31, second.Sum(OldestWait, Support), 3);
    }

    [Fact]
    public async Task Wait_WhenAnOperatorClaims_RecordsTheTimeFromQueueingToClaimOnce()
    {
        var before = await ScrapeAsync();
        var item = await EscalateAsync();
        _clock.Advance(TimeSpan.FromSeconds(90));

        await ClaimAsync(item, "dana");
        await ClaimAsync(item, "dana"); // the same operator again: accepted, but it stopped waiting only once
        var (status, _) = await _desk.PostAsync($"/api/v1/handoff-queue/{item}/claim", """{"operator":"eli"}""");
        Assert.Equal(HttpStatusCode.Conflict, status);

        var after = await ScrapeAsync();
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Equal("histogram", after.Types[Wait]);
        Assert.Equal(1, Delta($"{Wait}_count", Support));
        Assert.Equal(90, Delta($"{Wait}_sum", Support), 3);
        Assert.Equal(0, Delta($"{Wait}_bucket", Support, ("le", "60")));
        Assert.Equal(1, Delta($"{Wait}_bucket", Support, ("le", "120")));
    }

    /// <summary>Starts a support-desk conversation that asks for a person; returns its queue item's id.</summary>
    private async Task<string> EscalateAsync()
    {
        var conversation = await _desk.StartConversationAsync();
        var exchange = await _desk.SendAsync(conversation, "Can I talk to a person please?");
        Assert.Equal("escalated", exchange.GetProperty("status").GetString());
        return Assert.Single(SupportDesk.Events(exchange, "escalation")).GetProperty("queue_item_id").GetString()!;
    }

    private async Task ClaimAsync(string item, string name)
    {
        var (status, body) = await _desk.PostAsync($"/api/v1/handoff-queue/{item}/claim", JsonSerializer.Serialize(new { @operator = name }));
        Assert.True(status == HttpStatusCode.OK, $"claim {item}: {(int)status} {body}");
    }

    private async Task<PrometheusExposition> ScrapeAsync()
    {
        using var response = await _desk.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusExposition.Parse(await response.Content.ReadAsStringAsync());
    }
}
