namespace Switchboard.Abstractions.Chat;

/// <summary>The values of <see cref="ChatContentProperties.CacheStatus"/>.</summary>
public static class ResponseCacheStatus
{
    /// <summary>The answer came from the cache; no model was called. The usage is the original call's.</summary>
    public const string Hit = "hit";

    /// <summary>The cache was read and had no answer; the model was called (and the answer stored if it completed).</summary>
    public const string Miss = "miss";

    /// <summary>
    /// The cache was not read: the request was not deterministic, could not be keyed, or asked for <c>no-cache</c> or
    /// <c>no-store</c>.
    /// </summary>
    public const string Bypass = "bypass";
}
