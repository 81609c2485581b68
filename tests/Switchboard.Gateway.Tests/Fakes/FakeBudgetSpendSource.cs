using System.Collections.Concurrent;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>A ledger's recorded spend by (scope, tenant, id); it counts its reads and can be made to fail.</summary>
public sealed class FakeBudgetSpendSource : IBudgetSpendSource
{
    private readonly ConcurrentDictionary<(BudgetScope, string, string), long> _spent = new();
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public bool Fail { get; set; }

    public List<DateTimeOffset> Windows { get; } = [];

    public void Set(BudgetScope scope, string tenant, string id, long nano) => _spent[(scope, tenant, id)] = nano;

    public async ValueTask<long> SpentNanoAsync(BudgetScope scope, string tenantId, string id, DateTimeOffset from, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        lock (Windows)
        {
            Windows.Add(from);
        }

        await Task.Delay(20, cancellationToken);
        if (Fail)
        {
            throw new InvalidOperationException("The ledger is not readable.");
        }

        return _spent.GetValueOrDefault((scope, tenantId, id));
    }
}
