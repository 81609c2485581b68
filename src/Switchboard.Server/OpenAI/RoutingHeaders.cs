using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Gateway.Routing;

namespace Switchboard.Server.OpenAI;

/// <summary>
/// Tells the caller what served the request: <c>x-switchboard-provider</c>, <c>-model</c>, <c>-attempts</c>,
/// <c>-fallback-reason</c>, and, when a routing policy or a route override decided, <c>-route</c> and <c>-route-reason</c>.
/// </summary>
internal static class RoutingHeaders
{
    /// <summary>The request header that overrides the model or policy of a request, and the response header that names the chosen route.</summary>
    public const string Route = "x-switchboard-route";

    /// <summary>The response header that says why <see cref="Route"/> was chosen.</summary>
    public const string RouteReason = "x-switchboard-route-reason";

    public static void Set(HttpResponse response, string? model, AdditionalPropertiesDictionary? properties)
    {
        if (properties?.GetValueOrDefault(ChatContentProperties.Provider) is string provider)
        {
            response.Headers["x-switchboard-provider"] = provider;
        }

        if (model is not null)
        {
            response.Headers["x-switchboard-model"] = HeaderSafe(model);
        }

        if (properties?.GetValueOrDefault(FailoverChatClient.Attempts) is int attempts)
        {
            response.Headers["x-switchboard-attempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (properties?.GetValueOrDefault(FailoverChatClient.FallbackReason) is string reason)
        {
            response.Headers["x-switchboard-fallback-reason"] = HeaderSafe(reason);
        }

        if (properties?.GetValueOrDefault(ChatContentProperties.Route) is string route)
        {
            response.Headers[Route] = HeaderSafe(route);
        }

        if (properties?.GetValueOrDefault(ChatContentProperties.RouteReason) is string routeReason)
        {
            response.Headers[RouteReason] = HeaderSafe(routeReason);
        }

        if (properties?.GetValueOrDefault(ChatContentProperties.CacheStatus) is string cache)
        {
            response.Headers[CacheControlHeader.Force] = cache;
        }
    }

    /// <summary>
    /// Percent-encodes (UTF-8) what a header value cannot carry: non-ASCII characters (an intent label or keyword in
    /// Chinese), control characters, and '%' itself, so the value can be decoded with any URL decoder.
    /// </summary>
    public static string HeaderSafe(string value)
    {
        if (value.All(c => c is >= ' ' and <= '~' and not '%'))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is >= ' ' and <= '~' and not '%')
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
