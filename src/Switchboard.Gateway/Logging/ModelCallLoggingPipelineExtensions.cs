using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Gateway.Pipeline;

namespace Switchboard.Gateway.Logging;

/// <summary>Adds <see cref="ModelCallLoggingChatClient"/> to a pipeline.</summary>
public static class ModelCallLoggingPipelineExtensions
{
    /// <summary>Adds a stage that logs one structured line per model call (never message contents).</summary>
    public static ChatPipelineBuilder UseModelCallLogging(this ChatPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new ModelCallLoggingChatClient(
            inner,
            services.GetService<ILogger<ModelCallLoggingChatClient>>() ?? NullLogger<ModelCallLoggingChatClient>.Instance,
            services.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
