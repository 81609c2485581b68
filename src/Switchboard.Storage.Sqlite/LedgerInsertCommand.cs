using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// The ledger's INSERT, prepared once for a batch and bound straight through SQLitePCLRaw on the connection's handle,
/// inside the connection's transaction. Through <see cref="SqliteCommand"/> (Microsoft.Data.Sqlite 6.0.7) each execution
/// allocated about 2.7 KB in the library (a binder per parameter, UTF-8 copies of every string, boxed values); bound here,
/// text goes in as UTF-16 spans and numbers as they are, so a row allocates nothing (bench/results/governance-path.md).
/// Each value is stored with the SQLite type an untyped parameter bound it as before: INTEGER, REAL, TEXT or NULL (prices
/// as invariant text, costs as whole nano-USD); <see cref="LedgerRow"/> reads them back.
/// </summary>
internal sealed class LedgerInsertCommand : IDisposable
{
    private const string Sql =
        """
        INSERT INTO ledger (id, created_at, tenant_id, key_id, user_id, team_id, conversation_id, agent, agent_run_id, route,
            provider, model, streaming, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens,
            input_price_per_million, output_price_per_million, price_version, cost_nano_usd, unpriced, cache_hit,
            saved_nano_usd, latency_ms, ttft_ms, status, error_class)
        VALUES (@Id, @CreatedAt, @TenantId, @KeyId, @UserId, @TeamId, @ConversationId, @Agent, @AgentRunId, @Route,
            @Provider, @Model, @Streaming, @PromptTokens, @CompletionTokens, @CachedTokens, @ReasoningTokens,
            @InputPricePerMillion, @OutputPricePerMillion, @PriceVersion, @CostNanoUsd, @Unpriced, @CacheHit,
            @SavedNanoUsd, @LatencyMs, @TtftMs, @Status, @ErrorClass)
        """;

    // Each parameter beside its value, so that neither can be added or moved without the other.
    private static readonly (string Name, Bind Value)[] s_values =
    [
        ("@Id", static (s, i, e) => Text(s, i, e.Id)),
        ("@CreatedAt", static (s, i, e) => raw.sqlite3_bind_int64(s, i, e.Timestamp.ToUnixTimeMilliseconds())),
        ("@TenantId", static (s, i, e) => Text(s, i, e.TenantId)),
        ("@KeyId", static (s, i, e) => Text(s, i, e.KeyId)),
        ("@UserId", static (s, i, e) => Text(s, i, e.UserId)),
        ("@TeamId", static (s, i, e) => Text(s, i, e.TeamId)),
        ("@ConversationId", static (s, i, e) => Text(s, i, e.ConversationId)),
        ("@Agent", static (s, i, e) => Text(s, i, e.Agent)),
        ("@AgentRunId", static (s, i, e) => Text(s, i, e.AgentRunId)),
        ("@Route", static (s, i, e) => Text(s, i, e.Route)),
        ("@Provider", static (s, i, e) => Text(s, i, e.Provider)),
        ("@Model", static (s, i, e) => Text(s, i, e.Model)),
        ("@Streaming", static (s, i, e) => raw.sqlite3_bind_int64(s, i, e.Streaming ? 1 : 0)),
        ("@PromptTokens", static (s, i, e) => raw.sqlite3_bind_int64(s, i, e.PromptTokens)),
        ("@CompletionTokens", static (s, i, e) => raw.sqlite3_bind_int64(s, i, e.CompletionTokens)),
        ("@CachedTokens", static (s, i, e) => raw.sqlite3_bind_int64(s, i, e.CachedTokens)),
        ("@ReasoningTokens", static (s, i, e) => raw.sqlite3_bind_int64(s, i, e.ReasoningTokens)),
        ("@InputPricePerMillion", static (s, i, e) => Price(s, i, e.InputPricePerMillion)),
        ("@OutputPricePerMillion", static (s, i, e) => Price(s, i, e.OutputPricePerMillion)),
        ("@PriceVersion", static (s, i, e) => Text(s, i, e.PriceVersion)),
        ("@CostNanoUsd", static (s, i, e) => e.CostUsd is { } cost ? raw.sqlite3_bind_int64(s, i, NanoUsd.FromUsd(cost)) : raw.sqlite3_bind_null(s, i)),
        ("@Unpriced", static (s, i, e) => raw.sqlite3_bind_int64(s, i, e.Unpriced ? 1 : 0)),
        ("@CacheHit", static (s, i, e) => raw.sqlite3_bind_int64(s, i, e.CacheHit ? 1 : 0)),
        ("@SavedNanoUsd", static (s, i, e) => raw.sqlite3_bind_int64(s, i, NanoUsd.FromUsd(e.SavedUsd))),
        ("@LatencyMs", static (s, i, e) => raw.sqlite3_bind_double(s, i, e.LatencyMs)),
        ("@TtftMs", static (s, i, e) => e.TimeToFirstTokenMs is { } ttft ? raw.sqlite3_bind_double(s, i, ttft) : raw.sqlite3_bind_null(s, i)),
        ("@Status", static (s, i, e) => Text(s, i, e.Status)),
        ("@ErrorClass", static (s, i, e) => Text(s, i, e.ErrorClass)),
    ];

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _indexes = new int[s_values.Length];
    private readonly long _timeoutMs;

    /// <summary>Prepares the statement on <paramref name="connection"/>, which must be in its transaction.</summary>
    public LedgerInsertCommand(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _timeoutMs = connection.DefaultTimeout * 1000L;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, Sql, out _statement), _db);
        try
        {
            for (var i = 0; i < s_values.Length; i++)
            {
                _indexes[i] = raw.sqlite3_bind_parameter_index(_statement, s_values[i].Name);
                if (_indexes[i] == 0)
                {
                    throw new InvalidOperationException($"The ledger INSERT has no parameter {s_values[i].Name}.");
                }
            }
        }
        catch
        {
            _statement.Dispose();
            throw;
        }
    }

    private delegate int Bind(sqlite3_stmt statement, int index, LedgerEntry entry);

    /// <summary>Inserts <paramref name="entry"/>.</summary>
    public void Execute(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            for (var i = 0; i < s_values.Length; i++)
            {
                SqliteException.ThrowExceptionForRC(s_values[i].Value(_statement, _indexes[i], entry), _db);
            }

            var rc = Step();
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            // Ready for the next row; no value of this one stays bound.
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _statement.Dispose();

    /// <summary>
    /// Steps the statement; while the database is busy or locked, tries again every 150 ms until the connection's
    /// command timeout, as <see cref="SqliteCommand"/> does.
    /// </summary>
    private int Step()
    {
        var started = Environment.TickCount64;
        while (true)
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc is not (raw.SQLITE_BUSY or raw.SQLITE_LOCKED) || Environment.TickCount64 - started >= _timeoutMs)
            {
                return rc;
            }

            // A reset keeps the bindings.
            raw.sqlite3_reset(_statement);
            Thread.Sleep(150);
        }
    }

    /// <summary>Binds text as UTF-16 (SQLite copies it and stores UTF-8), or NULL.</summary>
    private static int Text(sqlite3_stmt statement, int index, string? value) =>
        value switch
        {
            null => raw.sqlite3_bind_null(statement, index),

            // An empty span has no address, which SQLite would take for NULL.
            { Length: 0 } => raw.sqlite3_bind_text(statement, index, string.Empty),
            _ => raw.sqlite3_bind_text16(statement, index, value.AsSpan()),
        };

    /// <summary>Binds a price as the text <see cref="decimal.ToString(IFormatProvider)"/> makes, without the string.</summary>
    private static int Price(sqlite3_stmt statement, int index, decimal? price)
    {
        if (price is not { } value)
        {
            return raw.sqlite3_bind_null(statement, index);
        }

        Span<char> text = stackalloc char[64];
        return value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture)
            ? raw.sqlite3_bind_text16(statement, index, text[..written])
            : Text(statement, index, value.ToString(CultureInfo.InvariantCulture));
    }
}
