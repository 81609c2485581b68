using System.Collections.Concurrent;
using System.Globalization;

namespace Switchboard.Gateway.RateLimits;

/// <summary>
/// The counter keys (<c>rl:{kind}:{scope}:{id}:{minute}</c>) of each limited key, user, tenant and model for the current
/// one-minute window: built once per subject and window instead of on every check, which formatted up to nine strings
/// per request. A subject whose window has passed gets new keys on its next request.
/// </summary>
internal sealed class RateLimitKeys
{
    /// <summary>The most subjects remembered; past it the cache starts again (stale windows would pile up otherwise).</summary>
    public const int MaxSubjects = 16_384;

    private readonly ConcurrentDictionary<Subject, Window> _windows = new();

    /// <summary>Gets the number of subjects remembered.</summary>
    public int Count => _windows.Count;

    /// <summary>Returns the keys of one subject in window <paramref name="minute"/>.</summary>
    /// <param name="scope">The scope: <c>key</c>, <c>user</c>, <c>tenant</c> or <c>model</c>.</param>
    /// <param name="id">The subject's id; for a user, the tenant.</param>
    /// <param name="userId">The user within tenant <paramref name="id"/>, or null for other scopes.</param>
    /// <param name="minute">The window: minutes since the Unix epoch.</param>
    public Window Get(string scope, string id, string? userId, long minute)
    {
        var subject = new Subject(scope, id, userId);
        if (_windows.TryGetValue(subject, out var window) && window.Minute == minute)
        {
            return window;
        }

        if (_windows.Count >= MaxSubjects)
        {
            _windows.Clear();
        }

        var name = window?.Id ?? (userId is null ? id : $"{id}/{userId}");
        window = new Window(minute, name, Key("req", scope, name, minute), Key("tok", scope, name, minute));
        _windows[subject] = window;
        return window;
    }

    private static string Key(string kind, string scope, string id, long minute) =>
        string.Create(CultureInfo.InvariantCulture, $"rl:{kind}:{scope}:{id}:{minute}");

    /// <summary>The keys of one subject in one window.</summary>
    /// <param name="Minute">The window: minutes since the Unix epoch.</param>
    /// <param name="Id">The subject's name in messages: the id, or <c>tenant/user</c> for a user.</param>
    /// <param name="Requests">The key of the request counter.</param>
    /// <param name="Tokens">The key of the token counter.</param>
    internal sealed record Window(long Minute, string Id, string Requests, string Tokens);

    private readonly record struct Subject(string Scope, string Id, string? UserId);
}
