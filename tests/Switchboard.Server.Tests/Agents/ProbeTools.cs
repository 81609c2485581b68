using System.Text.Json;
using Switchboard.Agents.Tools;

namespace Switchboard.Server.Tests.Agents;

/// <summary>
/// <c>probe</c>: waits until <see cref="Expected"/> executions are running at once (or 5 s pass) and reports the most
/// it saw, so a test can observe parallel execution. <c>stall</c>: never finishes on its own.
/// </summary>
internal sealed class ProbeTool : AgentTool
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}""").RootElement.Clone();
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _max;

    public int Expected { get; init; } = 2;

    public int MaxConcurrent => Volatile.Read(ref _max);

    public override string Name => "probe";

    public override string Description => "Test probe.";

    public override JsonElement JsonSchema => Schema;

    public override async ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _running);
        int seen;
        while ((seen = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }

        if (now >= Expected)
        {
            _all.TrySetResult();
        }

        await Task.WhenAny(_all.Task, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
        Interlocked.Decrement(ref _running);
        return new { n = invocation.Arguments.GetProperty("n").GetInt32(), message = $"probe {invocation.Arguments.GetProperty("n").GetInt32()} done" };
    }
}
