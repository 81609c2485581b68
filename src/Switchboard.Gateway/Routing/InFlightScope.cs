using System.Runtime.CompilerServices;

namespace Switchboard.Gateway.Routing;

/// <summary>Counts one call in flight to a target until disposed (used by the least-busy strategy).</summary>
internal sealed class InFlightScope : IDisposable
{
    private StrongBox<int>? _counter;

    public InFlightScope(StrongBox<int> counter)
    {
        _counter = counter;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _counter, null) is { } counter)
        {
            Interlocked.Decrement(ref counter.Value);
        }
    }
}
