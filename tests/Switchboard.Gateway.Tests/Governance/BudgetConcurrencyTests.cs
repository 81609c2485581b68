using System.Diagnostics;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Tests.Fakes;
using static Switchboard.Gateway.Tests.Governance.BudgetFixtures;

namespace Switchboard.Gateway.Tests.Governance;

/// <summary>
/// Many calls at once against one budget: the reservation is atomic, so the budget admits exactly what fits and its
/// counter never holds more than the limit, at any moment.
/// </summary>
public sealed class BudgetConcurrencyTests
{
    private const string Key = "budget:tenant:acme:day:20261121";
    private const long Limit = 50 * WorstCaseNano;

    private readonly TestChatClient _inner = new();
    private readonly RecordingCounterStore _store;
    private readonly BudgetChatClient _client;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _entered;

    public BudgetConcurrencyTests()
    {
        (var clock, _store) = Counters();
        var options = new BudgetOptions();
        options.Tenants["acme"] = [BudgetFixtures.Limit(BudgetPeriod.Day, Usd(Limit))];
        _client = Client(_inner, options, _store, clock);
    }

    [Fact]
    public async Task GetResponseAsync_200ConcurrentCallsAndRoomFor50_Admits50AndNeverOverspends()
    {
        // Every admitted call holds its reservation until released, so all 200 overlap; each costs its worst case.
        _inner.GetResponseAsyncCallback = (_, _, ct) => Hold(PromptBound, MaxOutput, ct);

        var (admitted, refusals) = await Wave(200);

        Assert.Equal(50, admitted);
        Assert.Equal(150, refusals.Count);
        Assert.All(refusals, r => Assert.Equal("tenant 'acme' daily budget", r.Budget));
        Assert.Equal(Limit, await _store.GetAsync(Key, CancellationToken.None));
        Assert.Equal(Limit, _store.Highest(Key));
    }

    [Fact]
    public async Task GetResponseAsync_ActualUsageHalfTheWorstCase_AdmitsMoreOverTimeAndNeverOverspends()
    {
        // 13 input and 50 output tokens cost (13 × 1 + 50 × 2) / 10^6 USD = 113,000 nano-dollars: half the worst case.
        _inner.GetResponseAsyncCallback = (_, _, ct) => Hold(13, 50, ct);

        var admitted = new List<int>();
        for (var wave = 0; wave < 4; wave++)
        {
            admitted.Add((await Wave(50)).Admitted);
            Assert.True(_store.Highest(Key) <= Limit);
        }

        // Each wave reserves what is left (worst cases) and gives half of it back: 50, 25, 12, then 6 calls fit.
        Assert.Equal([50, 25, 12, 6], admitted);
        Assert.Equal(93 * (WorstCaseNano / 2), await _store.GetAsync(Key, CancellationToken.None));
        Assert.Equal(Limit, _store.Highest(Key));
    }

    /// <summary>
    /// Starts <paramref name="calls"/> calls at once (behind a gate); when every call is either inside the model or
    /// refused, checks the counter is within the limit and lets the admitted ones finish.
    /// </summary>
    private async Task<(int Admitted, List<BudgetExceededException> Refusals)> Wave(int calls)
    {
        var before = await _store.GetAsync(Key, CancellationToken.None);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _entered, 0);
        var refused = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, calls).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            using var scope = ModelCallContext.Push(Tenant("acme"));
            try
            {
                await _client.GetResponseAsync(Hi(), Request());
                return null;
            }
            catch (BudgetExceededException exception)
            {
                Interlocked.Increment(ref refused);
                return exception;
            }
        })).ToArray();

        gate.SetResult();
        await WaitUntil(() => Volatile.Read(ref _entered) + Volatile.Read(ref refused) == calls);

        // Every admitted call is in flight now, holding its whole worst case.
        var during = await _store.GetAsync(Key, CancellationToken.None);
        Assert.Equal(before + (Volatile.Read(ref _entered) * WorstCaseNano), during);
        Assert.True(during <= Limit);

        _release.SetResult();
        var results = await Task.WhenAll(tasks);
        var refusals = results.OfType<BudgetExceededException>().ToList();
        return (calls - refusals.Count, refusals);
    }

    private async Task<ChatResponse> Hold(long input, long output, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _entered);
        await Task.Delay(5, cancellationToken);
        await _release.Task.WaitAsync(cancellationToken);
        return Answer("metered:priced", input, output);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "The calls did not all reach the model or a refusal.");
            await Task.Delay(1);
        }
    }
}
