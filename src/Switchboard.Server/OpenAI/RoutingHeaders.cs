using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Gateway.Routing;

namespace Switchboard.Server.OpenAI;

/// <summary>Tells the caller what served the request: <c>x-switchboard-provider</c>, <c>-model</c>, <c>-attempts</c>, <c>-fallback-reason</c>.</summary>
internal static class RoutingHeaders
{
    public static void Set(HttpResponse response, string? model, AdditionalPropertiesDictionary? properties)
    {
        if (properties?.GetValueOrDefault(ChatContentProperties.Provider) is string provider)
        {
            response.Headers["x-switchboard-provider"] = provider;
        }

        if (model is not null)
        {
            response.Headers["x-switchboard-model"] = model;
        }

        if (properties?.GetValueOrDefault(FailoverChatClient.Attempts) is int attempts)
        {
            response.Headers["x-switchboard-attempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (properties?.GetValueOrDefault(FailoverChatClient.FallbackReason) is string reason)
        {
            response.Headers["x-switchboard-fallback-reason"] = reason;
        }
    }
}
