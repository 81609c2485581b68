using System.Globalization;
using Microsoft.Extensions.Primitives;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Server.Errors;

/// <summary>
/// Carries the <c>x-ratelimit-*</c> headers over the clearing of a response that turns into an error, and describes the
/// refused limit on a 429, as OpenAI does: a refused client still learns its limits and when they reset.
/// </summary>
internal static class RateLimitHeaders
{
    private const string Prefix = "x-ratelimit-";

    /// <summary>Returns the rate-limit headers set so far, or null when there are none (the common case, allocating nothing).</summary>
    public static List<KeyValuePair<string, StringValues>>? Keep(HttpResponse response)
    {
        List<KeyValuePair<string, StringValues>>? kept = null;
        foreach (var header in response.Headers)
        {
            if (header.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                (kept ??= []).Add(header);
            }
        }

        return kept;
    }

    /// <summary>Sets the kept headers again, then the refused limit's: its limit, nothing remaining, and its reset.</summary>
    public static void Restore(HttpResponse response, List<KeyValuePair<string, StringValues>>? kept, RateLimitExceededException? refused)
    {
        if (kept is not null)
        {
            foreach (var (name, value) in kept)
            {
                response.Headers[name] = value;
            }
        }

        if (refused is { LimitKind: { } kind, Limit: { } limit })
        {
            response.Headers[Prefix + "limit-" + kind] = limit.ToString(CultureInfo.InvariantCulture);
            response.Headers[Prefix + "remaining-" + kind] = "0";
            response.Headers[Prefix + "reset-" + kind] = Reset(refused.RetryAfter);
        }
    }

    /// <summary>A reset time in OpenAI's format: <c>1s</c>, <c>59.5s</c>.</summary>
    public static string Reset(TimeSpan reset) => Math.Round(reset.TotalSeconds, 1).ToString(CultureInfo.InvariantCulture) + "s";
}
