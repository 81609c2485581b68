using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Gateway.Pipeline;

namespace Switchboard.Gateway.Policies;

/// <summary>Adds <see cref="RoutingPolicyChatClient"/> to a pipeline.</summary>
public static class RoutingPolicyPipelineExtensions
{
    /// <summary>
    /// Adds the stage that applies routing policies and route overrides, with the <see cref="RoutingPolicyCatalog"/>
    /// registered in the services. Add it before (outside) the failover stage.
    /// </summary>
    public static ChatPipelineBuilder UseRoutingPolicies(this ChatPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new RoutingPolicyChatClient(
            inner,
            services.GetRequiredService<RoutingPolicyCatalog>(),
            services.GetService<ILogger<RoutingPolicyChatClient>>() ?? NullLogger<RoutingPolicyChatClient>.Instance));
    }
}
