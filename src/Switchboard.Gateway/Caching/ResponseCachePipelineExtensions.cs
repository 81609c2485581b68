using Microsoft.Extensions.DependencyInjection;
using Switchboard.Gateway.Pipeline;

namespace Switchboard.Gateway.Caching;

/// <summary>Adds <see cref="ResponseCacheChatClient"/> to a pipeline.</summary>
public static class ResponseCachePipelineExtensions
{
    /// <summary>
    /// Adds the stage that answers repeated deterministic requests from the cache, with the
    /// <see cref="ResponseCacheOptions"/> and the <see cref="IResponseCache"/> registered in the services (defaults and a
    /// <see cref="MemoryResponseCache"/> on the registered <see cref="TimeProvider"/> when they are not). Add it after
    /// telemetry and before routing policies and budgets, so that a hit is measured but makes no routing decision and
    /// consumes no budget.
    /// </summary>
    public static ChatPipelineBuilder UseResponseCache(this ChatPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var options = services.GetService<ResponseCacheOptions>() ?? new ResponseCacheOptions();
            if (!options.Enabled)
            {
                return inner; // a disabled cache is no stage at all, not a pass-through on every call
            }

            var cache = services.GetService<IResponseCache>()
                ?? new MemoryResponseCache(options, services.GetService<TimeProvider>() ?? TimeProvider.System);
            return new ResponseCacheChatClient(inner, cache, options);
        });
    }
}
