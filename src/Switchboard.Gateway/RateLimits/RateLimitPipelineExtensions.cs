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
        return builder.Use((inner, services) =>
        {
            var limiter = services.GetRequiredService<RateLimiter>();
            return limiter.Enabled ? new RateLimitChatClient(inner, limiter) : inner; // disabled limits are no stage at all
        });
    }
}
