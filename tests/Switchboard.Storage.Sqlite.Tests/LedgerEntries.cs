using Switchboard.Abstractions.Governance;

namespace Switchboard.Storage.Sqlite.Tests;

/// <summary>Ledger entries for the store tests: a plain one, and a deterministic random set across every dimension.</summary>
internal static class LedgerEntries
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Model, string Provider, decimal? In, decimal? Out)[] Models =
    [
        ("openai:gpt-4o-mini", "openai", 0.15m, 0.6m),
        ("openai:gpt-4o", "openai", 2.5m, 10m),
        ("anthropic:claude-sonnet", "anthropic", 3m, 15m),
        // Costs of this one have more than nine decimals, so the store rounds them.
        ("google:gemini-flash", "google", 0.0375m, 0.15m),
        ("ollama:llama3", "ollama", null, null),
    ];

    private static int s_sequence;

    public static LedgerEntry Entry(
        string tenant = "t1",
        DateTimeOffset? at = null,
        decimal? cost = 0.001m,
        string? key = null,
        string? conversation = null,
        string? model = "openai:gpt-4o-mini") => new()
        {
            Id = NextId(),
            Timestamp = at ?? Start,
            TenantId = tenant,
            KeyId = key,
            ConversationId = conversation,
            Model = model,
            Provider = model?.Split(':')[0],
            PromptTokens = 100,
            CompletionTokens = 20,
            PriceVersion = "v1",
            CostUsd = cost,
            Unpriced = cost is null,
            LatencyMs = 12.5,
        };

    /// <summary>Entries across tenants, keys, users, teams, agents, models, routes, conversations and ten days.</summary>
    public static List<LedgerEntry> Random(int count, int seed)
    {
        var random = new Random(seed);
        var entries = new List<LedgerEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var tenant = Pick(random, "t1", "t2", "t3");
            var (model, provider, input, output) = Models[random.Next(Models.Length)];
            var prompt = (long)random.Next(0, 50_000);
            var completion = (long)random.Next(0, 8_000);
            var status = random.Next(20) switch
            {
                0 => "rate_limited",
                1 => "cancelled",
                _ => "ok",
            };
            var cacheHit = status == "ok" && random.Next(10) == 0;
            if (status != "ok")
            {
                prompt = 0;
                completion = 0;
            }

            decimal? computed = input is { } i1 && output is { } o1 ? (prompt * i1 + completion * o1) / 1_000_000m : null;
            var priced = computed is not null;
            entries.Add(new LedgerEntry
            {
                Id = NextId(),
                Timestamp = Start.AddDays(random.Next(10)).AddMilliseconds(random.Next(86_400_000)),
                TenantId = tenant,
                KeyId = Pick(random, $"key_{tenant}a", $"key_{tenant}b", null),
                UserId = Pick(random, "u1", "u2", "u3", null),
                TeamId = Pick(random, "sales", "support", null),
                ConversationId = random.Next(4) == 0 ? null : $"conv_{random.Next(25)}",
                Agent = Pick(random, "triage", "refunds", null),
                AgentRunId = $"run_{random.Next(100)}",
                Route = Pick(random, "smart", "cheap", model),
                Provider = provider,
                Model = model,
                Streaming = random.Next(2) == 0,
                PromptTokens = prompt,
                CompletionTokens = completion,
                CachedTokens = prompt / 4,
                ReasoningTokens = completion / 3,
                InputPricePerMillion = input,
                OutputPricePerMillion = output,
                PriceVersion = "abc123def456",
                CostUsd = status != "ok" ? 0m : cacheHit ? 0m : computed,
                Unpriced = status == "ok" && !priced,
                CacheHit = cacheHit,
                SavedUsd = cacheHit ? computed ?? 0m : 0m,
                LatencyMs = random.Next(10, 5000),
                TimeToFirstTokenMs = null,
                Status = status,
                ErrorClass = status == "ok" ? null : "RateLimited",
            });
        }

        return entries;
    }

    /// <summary>The group an entry falls in, computed independently of the store.</summary>
    public static string? GroupOf(LedgerEntry entry, UsageGrouping grouping) => grouping switch
    {
        UsageGrouping.Day => entry.Timestamp.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        UsageGrouping.Tenant => entry.TenantId,
        UsageGrouping.Key => entry.KeyId,
        UsageGrouping.User => entry.UserId,
        UsageGrouping.Team => entry.TeamId,
        UsageGrouping.Agent => entry.Agent,
        UsageGrouping.Model => entry.Model,
        UsageGrouping.Provider => entry.Provider,
        UsageGrouping.Route => entry.Route,
        UsageGrouping.Conversation => entry.ConversationId,
        _ => throw new ArgumentOutOfRangeException(nameof(grouping)),
    };

    /// <summary>A cost as the ledger keeps it: to the nano-dollar, half away from zero.</summary>
    public static decimal Nano(decimal usd) => Math.Round(usd, 9, MidpointRounding.AwayFromZero);

    private static string NextId() => $"led_{Interlocked.Increment(ref s_sequence):D10}";

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];
}
