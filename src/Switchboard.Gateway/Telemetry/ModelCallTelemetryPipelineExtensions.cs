using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Catalog;
using Switchboard.Gateway.Pipeline;

namespace Switchboard.Gateway.Telemetry;

/// <summary>Adds <see cref="ModelCallTelemetryChatClient"/> to a pipeline.</summary>
public static class ModelCallTelemetryPipelineExtensions
{
    /// <summary>
    /// Adds the stage that logs, measures and traces each model call (never message contents). Add it first, so that
    /// it measures what the caller experiences.
    /// </summary>
    public static ChatPipelineBuilder UseModelCallTelemetry(this ChatPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new ModelCallTelemetryChatClient(
            inner,
            services.GetService<ILogger<ModelCallTelemetryChatClient>>() ?? NullLogger<ModelCallTelemetryChatClient>.Instance,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<IModelCatalog>()));
    }
}
