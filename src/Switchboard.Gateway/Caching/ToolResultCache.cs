using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Telemetry;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// Results of idempotent tools (a lookup whose answer does not change within the time to live), by tool name and
/// arguments, in this process's memory: least recently used evicted first beyond a byte bound, entries expiring by the
/// <see cref="TimeProvider"/>. Arguments are compared as JSON with object keys sorted, so their order does not matter;
/// the tenant of <see cref="ModelCallContext.Current"/> is part of the key, so tenants never share results.
/// </summary>
/// <remarks>
/// The agent runtime's <c>ToolExecutor</c> consults it (as <see cref="IToolResultCache"/>) before running a tool that
/// declares itself idempotent, and stores the result after a successful run. It never decides by itself which tools are
/// safe to cache.
/// </remarks>
public sealed class ToolResultCache : IToolResultCache
{
    private const int InitialBufferBytes = 1024;
    private static readonly KeyValuePair<string, object?> CacheTag = new("cache", "tool");

    private readonly ExpiringLruStore<string> _store;
    private readonly TimeSpan _ttl;

    /// <summary>Initializes a new instance of the <see cref="ToolResultCache"/> class.</summary>
    /// <param name="maxBytes">The memory bound: two bytes per character of the results and keys, plus a fixed overhead per entry.</param>
    /// <param name="ttl">How long a result is served.</param>
    /// <param name="timeProvider">The clock entries expire by.</param>
    public ToolResultCache(long maxBytes, TimeSpan ttl, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        _store = new ExpiringLruStore<string>(maxBytes, timeProvider);
        _ttl = ttl;
    }

    /// <summary>Gets the number of lookups that found a result.</summary>
    public long Hits => _store.Hits;

    /// <summary>Gets the number of lookups that found none (or an expired one).</summary>
    public long Misses => _store.Misses;

    /// <summary>Gets the number of live results evicted to stay within the memory bound.</summary>
    public long Evictions => _store.Evictions;

    /// <summary>Returns the result stored for <paramref name="toolName"/> called with <paramref name="argumentsJson"/>.</summary>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="argumentsJson">The call's arguments as JSON text.</param>
    /// <param name="result">The stored result.</param>
    public bool TryGet(string toolName, string argumentsJson, [NotNullWhen(true)] out string? result) =>
        _store.TryGet(Key(toolName, argumentsJson), out result);

    /// <summary>
    /// Stores <paramref name="result"/> for <paramref name="toolName"/> called with <paramref name="argumentsJson"/>.
    /// Returns false when the result is larger than the whole bound (then nothing is stored).
    /// </summary>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="argumentsJson">The call's arguments as JSON text.</param>
    /// <param name="result">The result, as the tool returned it to the model.</param>
    public bool Set(string toolName, string argumentsJson, string result) => Set(toolName, argumentsJson, result, _ttl);

    /// <summary>
    /// Stores <paramref name="result"/> for <paramref name="toolName"/> called with <paramref name="argumentsJson"/>
    /// until <paramref name="ttl"/> has passed. Returns false when the result is larger than the whole bound (then
    /// nothing is stored).
    /// </summary>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="argumentsJson">The call's arguments as JSON text.</param>
    /// <param name="result">The result, as the tool returned it to the model.</param>
    /// <param name="ttl">How long the result is served.</param>
    public bool Set(string toolName, string argumentsJson, string result, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var stored = _store.Set(Key(toolName, argumentsJson), result, CachedContent.Chars(result), ttl, out var evicted);
        if (evicted > 0)
        {
            GatewayInstruments.CacheEvictions.Add(evicted, CacheTag);
        }

        return stored;
    }

    /// <inheritdoc />
    public ValueTask<string?> GetAsync(string toolName, string argumentsJson, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryGet(toolName, argumentsJson, out var result) ? result : null);

    /// <inheritdoc />
    public ValueTask<bool> SetAsync(string toolName, string argumentsJson, string result, TimeSpan? timeToLive, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Set(toolName, argumentsJson, result, timeToLive ?? _ttl));

    /// <summary>SHA-256 over the tenant, the tool name and the arguments (canonical JSON, or the text when it is not JSON).</summary>
    private static string Key(string toolName, string argumentsJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolName);
        ArgumentNullException.ThrowIfNull(argumentsJson);
        using var buffer = new PooledBufferWriter(InitialBufferBytes);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("partition", ModelCallContext.Current?.TenantId ?? ModelCallContext.DefaultTenant);
            writer.WriteString("tool", toolName);
            using var document = TryParse(argumentsJson);
            if (document is not null)
            {
                writer.WritePropertyName("arguments");
                CanonicalJson.WriteElement(writer, document.RootElement);
            }
            else
            {
                writer.WriteString("argumentsText", argumentsJson);
            }

            writer.WriteEndObject();
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static JsonDocument? TryParse(string json)
    {
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
