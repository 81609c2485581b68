using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Server.OpenAI;

/// <summary>
/// Maps the request headers that steer the response cache to <see cref="ChatContentProperties.CacheControl"/>:
/// <c>Cache-Control: no-store</c> (neither read nor store), <c>Cache-Control: no-cache</c> (do not read, store the fresh
/// answer), <c>x-switchboard-cache: force</c> (cache a non-deterministic request). no-store wins over no-cache, and both
/// over force.
/// </summary>
internal static class CacheControlHeader
{
    public const string Force = "x-switchboard-cache";

    public static void Apply(HttpRequest request, ChatOptions options)
    {
        var cacheControl = request.Headers.CacheControl.ToString();
        string? control = null;
        if (cacheControl.Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            control = ResponseCacheControl.NoStore;
        }
        else if (cacheControl.Contains("no-cache", StringComparison.OrdinalIgnoreCase))
        {
            control = ResponseCacheControl.NoCache;
        }
        else if (string.Equals(request.Headers[Force].ToString(), "force", StringComparison.OrdinalIgnoreCase))
        {
            control = ResponseCacheControl.Force;
        }

        if (control is not null)
        {
            (options.AdditionalProperties ??= [])[ChatContentProperties.CacheControl] = control;
        }
    }
}
