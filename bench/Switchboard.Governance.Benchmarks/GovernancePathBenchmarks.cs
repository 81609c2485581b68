using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Governance.Benchmarks;

/// <summary>
/// What governance adds to one model call on the embedded stores (issue "Governance": at most 50 µs and 2 KB per
/// request): API-key authentication (the key cached, as in the steady state), request and model rate limits, the budget
/// reservation and settlement, and the cost-ledger entry — queued, and written to SQLite by the background writer.
/// </summary>
/// <remarks>
/// The ledger is written on another thread. <see cref="GovernedRequestWithLedgerFlush"/> therefore makes
/// <see cref="Batch"/> requests and waits until the writer has stored all of them, so that the SQLite insert is counted,
/// amortized per request as the writer batches it; it is the number to hold against the target. The <c>…Only</c>
/// benchmarks take one stage each, to show where the time and bytes go.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(OneCoreConfig))]
public class GovernancePathBenchmarks
{
    /// <summary>Requests per flush: the writer's default largest batch.</summary>
    public const int Batch = 256;

    private GovernedGateway _gateway = null!;

    [GlobalSetup]
    public void Setup() => _gateway = GovernedGateway.CreateAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _gateway.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The no-op client called directly: an empty pipeline.</summary>
    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Baseline() => _gateway.Inner.GetResponseAsync(_gateway.Messages, _gateway.Options);

    /// <summary>One request; its ledger entry is written in the background, partly outside the measurement.</summary>
    [Benchmark]
    public Task<ChatResponse> GovernedRequest() => _gateway.HandleRequestAsync();

    /// <summary><see cref="Batch"/> requests, then until the writer has stored their ledger entries; per request.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task GovernedRequestWithLedgerFlush()
    {
        for (var i = 0; i < Batch; i++)
        {
            await _gateway.HandleRequestAsync();
        }

        await _gateway.Ledger.FlushAsync();
    }

    /// <summary>Authentication of a cached key, and the caller's call context.</summary>
    [Benchmark]
    public async Task<ModelCallContext> AuthOnly() => (await _gateway.AuthenticateAsync()).ToCallContext();

    /// <summary>The request rate limits (key, tenant) and the model-call stage (model limit, tokens counted).</summary>
    [Benchmark]
    public async Task<ChatResponse> RateLimitOnly()
    {
        using (ModelCallContext.Push(_gateway.Context))
        {
            await _gateway.AdmitAsync(_gateway.Caller);
            return await _gateway.RateLimitStage.GetResponseAsync(_gateway.Messages, _gateway.Options);
        }
    }

    /// <summary>The budget stage: reserve the worst case on the tenant's and the key's budgets, then settle.</summary>
    [Benchmark]
    public async Task<ChatResponse> BudgetOnly()
    {
        using (ModelCallContext.Push(_gateway.Context))
        {
            return await _gateway.BudgetStage.GetResponseAsync(_gateway.Messages, _gateway.Options);
        }
    }

    /// <summary>The metering stage making its ledger entry, which is then dropped.</summary>
    [Benchmark]
    public async Task<ChatResponse> MeteringOnly()
    {
        using (ModelCallContext.Push(_gateway.Context))
        {
            return await _gateway.MeteringStage.GetResponseAsync(_gateway.Messages, _gateway.Options);
        }
    }

    /// <summary>The metering stage with its entries written to SQLite, <see cref="Batch"/> calls per flush; per call.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task MeteringWithLedgerFlush()
    {
        using (ModelCallContext.Push(_gateway.Context))
        {
            for (var i = 0; i < Batch; i++)
            {
                await _gateway.MeteringToLedgerStage.GetResponseAsync(_gateway.Messages, _gateway.Options);
            }
        }

        await _gateway.Ledger.FlushAsync();
    }
}
