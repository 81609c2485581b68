using System.Globalization;
using System.Text;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// Writes ledger entries as CSV (RFC 4180): a header row, then one row per entry, each line ended by CRLF. A field that
/// contains a comma, a double quote, CR or LF is quoted, with its double quotes doubled. Numbers and times use the
/// invariant culture: costs and prices as plain decimals (never exponents), times as ISO 8601 UTC, an empty field for
/// a missing value (e.g. the cost of an unpriced call).
/// </summary>
public static class CsvExport
{
    /// <summary>The header row's columns, in order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "timestamp", "tenant_id", "key_id", "user_id", "team_id", "conversation_id", "agent", "agent_run_id", "route",
        "provider", "model", "streaming", "prompt_tokens", "completion_tokens", "cached_tokens", "reasoning_tokens",
        "input_price_per_million", "output_price_per_million", "price_version", "cost_usd", "unpriced", "cache_hit",
        "saved_usd", "latency_ms", "ttft_ms", "status", "error_class",
    ];

    private const string LineEnd = "\r\n";

    /// <summary>Writes the entries to <paramref name="writer"/>.</summary>
    public static async Task WriteAsync(IAsyncEnumerable<LedgerEntry> entries, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(string.Join(',', Columns) + LineEnd).ConfigureAwait(false);
        var line = new StringBuilder(256);
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            line.Clear();
            AppendRow(line, entry);
            await writer.WriteAsync(line.Append(LineEnd), cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the entries to <paramref name="stream"/> as UTF-8 without a byte-order mark; the stream stays open. When
    /// reading the entries fails, what is still buffered (the first 16 KiB: the header and the first rows) is dropped
    /// rather than flushed, so that a failure before anything reached the stream can still be answered with an error
    /// instead of a truncated file that looks complete.
    /// </summary>
    public static async Task WriteAsync(IAsyncEnumerable<LedgerEntry> entries, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await WriteAsync(entries, writer, cancellationToken).ConfigureAwait(false);

        // Only on success: disposing flushes. A writer left undisposed holds no unmanaged resource (the stream is open).
        await writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Returns <paramref name="value"/> as one CSV field (RFC 4180). A value that a spreadsheet would run as a formula
    /// (one starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return: user and team ids come
    /// from JWT claims, model names from upstreams) gets a leading apostrophe, as OWASP advises for CSV injection. The
    /// numeric columns never start with one of these.
    /// </summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static void AppendRow(StringBuilder line, LedgerEntry e)
    {
        var c = CultureInfo.InvariantCulture;
        Append(line, e.Id, first: true);
        Append(line, e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", c));
        Append(line, e.TenantId);
        Append(line, e.KeyId);
        Append(line, e.UserId);
        Append(line, e.TeamId);
        Append(line, e.ConversationId);
        Append(line, e.Agent);
        Append(line, e.AgentRunId);
        Append(line, e.Route);
        Append(line, e.Provider);
        Append(line, e.Model);
        Append(line, e.Streaming ? "true" : "false");
        Append(line, e.PromptTokens.ToString(c));
        Append(line, e.CompletionTokens.ToString(c));
        Append(line, e.CachedTokens.ToString(c));
        Append(line, e.ReasoningTokens.ToString(c));
        Append(line, e.InputPricePerMillion?.ToString(c));
        Append(line, e.OutputPricePerMillion?.ToString(c));
        Append(line, e.PriceVersion);
        Append(line, e.CostUsd?.ToString(c));
        Append(line, e.Unpriced ? "true" : "false");
        Append(line, e.CacheHit ? "true" : "false");
        Append(line, e.SavedUsd.ToString(c));
        Append(line, e.LatencyMs.ToString("0.###", c));
        Append(line, e.TimeToFirstTokenMs?.ToString("0.###", c));
        Append(line, e.Status);
        Append(line, e.ErrorClass);
    }

    private static void Append(StringBuilder line, string? value, bool first = false)
    {
        if (!first)
        {
            line.Append(',');
        }

        line.Append(Escape(value));
    }
}
