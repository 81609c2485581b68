namespace Switchboard.Abstractions.Chat;

/// <summary>The values of <see cref="ChatContentProperties.CacheControl"/>, compared case-insensitively.</summary>
public static class ResponseCacheControl
{
    /// <summary>Do not read the cache, but store the fresh answer (HTTP <c>Cache-Control: no-cache</c>).</summary>
    public const string NoCache = "no-cache";

    /// <summary>Neither read the cache nor store the answer (HTTP <c>Cache-Control: no-store</c>).</summary>
    public const string NoStore = "no-store";

    /// <summary>
    /// Cache the answer even when the request is not deterministic (temperature other than 0): the caller's explicit
    /// opt-in (HTTP <c>x-switchboard-cache: force</c>).
    /// </summary>
    public const string Force = "force";
}
