using Microsoft.Extensions.DependencyInjection;
using Switchboard.Gateway.Pipeline;

namespace Switchboard.Gateway.RateLimits;

/// <summary>Adds <see cref="RateLimitChatClient"/> to a pipeline.</summary>
public static class RateLimitPipelineExtensions
{
    /// <summary>Adds the model-call rate-limit stage; needs a <see cref="RateLimiter"/> service.</summary>
    public static ChatPipelineBuilder UseRateLimits(this ChatPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new RateLimitChatClient(inner, services.GetRequiredService<RateLimiter>()));
    }
}
