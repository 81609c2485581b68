using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Catalog;
using Switchboard.Gateway.Pipeline;

namespace Switchboard.Gateway.Governance;

/// <summary>Adds <see cref="MeteringChatClient"/> to a pipeline.</summary>
public static class MeteringPipelineExtensions
{
    /// <summary>
    /// Adds the stage that records one cost-ledger entry per model call, with the <see cref="ILedgerSink"/> and
    /// <see cref="IModelCatalog"/> registered in the services. Add it after the telemetry stage and before (outside) the
    /// response cache, so that cache hits are recorded too.
    /// </summary>
    public static ChatPipelineBuilder UseMetering(this ChatPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new MeteringChatClient(
            inner,
            services.GetRequiredService<ILedgerSink>(),
            services.GetRequiredService<IModelCatalog>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILogger<MeteringChatClient>>() ?? NullLogger<MeteringChatClient>.Instance));
    }
}
