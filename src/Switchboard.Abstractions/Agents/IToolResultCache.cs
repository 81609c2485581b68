namespace Switchboard.Abstractions.Agents;

/// <summary>
/// Where the agent runtime keeps the results of idempotent tools, by tool name and arguments, so that the same lookup
/// within its time to live is answered without running the tool again. The runtime consults it only for tools that
/// declare themselves idempotent, and stores only successful results.
/// </summary>
/// <remarks>
/// Implementations compare arguments as JSON (object key order does not matter) and partition entries by the tenant of
/// <see cref="Governance.ModelCallContext.Current"/>, so tenants never share results. They are thread-safe. A store that
/// cannot be reached should behave as a miss (and drop writes) rather than throw: the cache saves tool runs, it must not
/// fail them.
/// </remarks>
public interface IToolResultCache
{
    /// <summary>Returns the result stored for <paramref name="toolName"/> called with <paramref name="argumentsJson"/>, or null when there is none or it has expired.</summary>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="argumentsJson">The call's arguments as JSON text (after validation, defaults filled in).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<string?> GetAsync(string toolName, string argumentsJson, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="result"/> for <paramref name="toolName"/> called with <paramref name="argumentsJson"/>,
    /// replacing any result stored before. Returns false when the result was not stored (larger than the store can hold).
    /// </summary>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="argumentsJson">The call's arguments as JSON text (after validation, defaults filled in).</param>
    /// <param name="result">The result as JSON text, as it went back to the model.</param>
    /// <param name="timeToLive">How long the result is served; null for the store's default.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask<bool> SetAsync(string toolName, string argumentsJson, string result, TimeSpan? timeToLive, CancellationToken cancellationToken);
}
