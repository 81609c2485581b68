using Switchboard.Abstractions.Agents;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>An <see cref="IToolResultCache"/> whose store cannot be reached: every lookup and write throws; it counts both.</summary>
public sealed class FailingToolResultCache : IToolResultCache
{
    private int _lookups;
    private int _writes;

    public int Lookups => Volatile.Read(ref _lookups);

    public int Writes => Volatile.Read(ref _writes);

    public ValueTask<string?> GetAsync(string toolName, string argumentsJson, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        throw new InvalidOperationException("The cache store is down.");
    }

    public ValueTask<bool> SetAsync(string toolName, string argumentsJson, string result, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        throw new InvalidOperationException("The cache store is down.");
    }
}
