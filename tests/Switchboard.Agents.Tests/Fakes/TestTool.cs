using System.Text.Json;
using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>A tool whose schema and behaviour a test gives; it counts its invocations and the most that ran at once.</summary>
public sealed class TestTool : AgentTool
{
    private const string OrderIdSchema =
        """{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"],"additionalProperties":false}""";

    private readonly Func<ToolInvocation, CancellationToken, Task<object?>> _run;
    private int _invocations;
    private int _running;
    private int _maxRunning;

    public TestTool(string name, Func<ToolInvocation, CancellationToken, Task<object?>> run, string schema = OrderIdSchema)
    {
        Name = name;
        _run = run;
        JsonSchema = JsonElement.Parse(schema);
    }

    public override string Name { get; }

    public override string Description => $"The test tool '{Name}'.";

    public override JsonElement JsonSchema { get; }

    /// <summary>Gets or sets what <see cref="Idempotent"/> answers.</summary>
    public bool DeclaredIdempotent { get; init; }

    /// <summary>Gets or sets what <see cref="CacheTtl"/> answers.</summary>
    public TimeSpan? DeclaredCacheTtl { get; init; }

    public override bool Idempotent => DeclaredIdempotent;

    public override TimeSpan? CacheTtl => DeclaredCacheTtl;

    public int Invocations => Volatile.Read(ref _invocations);

    public int MaxConcurrency => Volatile.Read(ref _maxRunning);

    /// <summary>A tool that returns <paramref name="result"/> at once.</summary>
    public static TestTool Returning(string name, object? result) => new(name, (_, _) => Task.FromResult(result));

    public override async ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        Interlocked.Increment(ref _invocations);
        var running = Interlocked.Increment(ref _running);
        int seen;
        while (running > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, running, seen) != seen)
        {
        }

        try
        {
            return await _run(invocation, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
