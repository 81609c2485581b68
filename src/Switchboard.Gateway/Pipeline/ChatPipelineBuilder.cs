using Microsoft.Extensions.AI;

namespace Switchboard.Gateway.Pipeline;

/// <summary>
/// Composes <see cref="DelegatingChatClient"/> stages around an inner client. The first stage added is the outermost:
/// it sees the request first and the response last.
/// </summary>
/// <remarks>
/// The server composes the stages in one place, in this order (see docs/design/pipeline.md):
/// telemetry (logs, metrics, the chat span) → metering (the cost ledger) → response cache → routing policies → budgets →
/// model rate limits → failover
/// (retries, fallback routes) → provider router → provider adapter.
/// </remarks>
public sealed class ChatPipelineBuilder
{
    private readonly List<Func<IChatClient, IServiceProvider, IChatClient>> _stages = [];

    /// <summary>Gets the number of stages added.</summary>
    public int Count => _stages.Count;

    /// <summary>Adds a stage; it wraps every stage added after it.</summary>
    public ChatPipelineBuilder Use(Func<IChatClient, IChatClient> stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        _stages.Add((inner, _) => stage(inner));
        return this;
    }

    /// <summary>Adds a stage that needs services; it wraps every stage added after it.</summary>
    public ChatPipelineBuilder Use(Func<IChatClient, IServiceProvider, IChatClient> stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        _stages.Add(stage);
        return this;
    }

    /// <summary>Builds the pipeline around <paramref name="inner"/>.</summary>
    public IChatClient Build(IChatClient inner, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(services);
        var client = inner;
        for (var i = _stages.Count - 1; i >= 0; i--)
        {
            client = _stages[i](client, services)
                ?? throw new InvalidOperationException($"Pipeline stage {i} returned null.");
        }

        return client;
    }
}
