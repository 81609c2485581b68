using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Tests.Catalog;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Governance;

/// <summary>
/// A priced catalog and the worst case of the standard request: "hi" to <c>metered:priced</c> ($1 in, $2 out per
/// million tokens) with <c>max_tokens</c> 100. Its prompt bound is 16 (per request) + 8 (per message) + 2 (bytes) = 26
/// tokens, so the worst case is (26 × 1 + 100 × 2) / 10^6 USD = 226,000 nano-dollars.
/// </summary>
internal static class BudgetFixtures
{
    public const long PromptBound = 26;
    public const int MaxOutput = 100;
    public const long WorstCaseNano = 226_000;

    /// <summary>Noon UTC on 2026-11-21: the day window is 20261121, the month window 202611.</summary>
    public static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// metered: priced ($1/$2), pricey ($3/$10), cached ($1/$2, cache reads $0.10, cache writes $1.50), unpriced. Routes: smart (priced → pricey), mixed (priced → unpriced),
    /// and <paramref name="extraRoute"/> (→ priced) when given.
    /// </summary>
    public static ModelCatalog Catalog(string? extraRoute = null)
    {
        var options = new ModelCatalogOptions();
        var provider = CatalogFixtures.Provider(models: ["unpriced"]);
        provider.Models.Add(new ModelOptions { Id = "priced", InputPricePerMillion = 1m, OutputPricePerMillion = 2m });
        provider.Models.Add(new ModelOptions { Id = "pricey", InputPricePerMillion = 3m, OutputPricePerMillion = 10m });
        provider.Models.Add(new ModelOptions
        {
            Id = "cached",
            InputPricePerMillion = 1m,
            OutputPricePerMillion = 2m,
            CachedInputPricePerMillion = 0.1m,
            CacheWritePricePerMillion = 1.5m,
        });
        options.Providers["metered"] = provider;
        options.Routes["smart"] = Route("metered:priced", "metered:pricey");
        options.Routes["mixed"] = Route("metered:priced", "metered:unpriced");
        if (extraRoute is not null)
        {
            options.Routes[extraRoute] = Route("metered:priced");
        }

        return CatalogFixtures.Build(options);
    }

    public static RouteOptions Route(params string[] targets)
    {
        var route = new RouteOptions { MaxAttempts = 1 };
        route.Targets.AddRange(targets);
        return route;
    }

    public static BudgetChatClient Client(
        IChatClient inner,
        BudgetOptions options,
        ICounterStore counters,
        TimeProvider clock,
        ModelCatalog? catalog = null) =>
        new(inner, options, counters, catalog ?? Catalog(), clock, NullLogger<BudgetChatClient>.Instance);

    public static List<ChatMessage> Hi() => [new ChatMessage(ChatRole.User, "hi")];

    public static ChatOptions Request(string model = "metered:priced", int? maxOutput = MaxOutput) =>
        new() { ModelId = model, MaxOutputTokens = maxOutput };

    public static ChatResponse Answer(string? model, long? input, long? output) =>
        new(new ChatMessage(ChatRole.Assistant, "ok"))
        {
            ModelId = model,
            Usage = input is null && output is null ? null : new UsageDetails { InputTokenCount = input, OutputTokenCount = output },
        };

    public static BudgetLimitOptions Limit(BudgetPeriod period, decimal usd) => new() { Period = period, LimitUsd = usd };

    public static decimal Usd(long nano) => nano / 1_000_000_000m;

    public static ModelCallContext Tenant(string tenant) => new() { TenantId = tenant };

    /// <summary>A clock at <see cref="Noon"/> and an in-process store on it that records its highest values.</summary>
    public static (ManualTimeProvider Clock, RecordingCounterStore Store) Counters()
    {
        var clock = new ManualTimeProvider(Noon);
        return (clock, new RecordingCounterStore(new InProcessCounterStore(clock)));
    }
}
