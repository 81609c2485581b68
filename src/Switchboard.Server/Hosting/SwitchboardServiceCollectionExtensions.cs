using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Providers;
using Switchboard.Gateway.Caching;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Pipeline;
using Switchboard.Gateway.Policies;
using Switchboard.Gateway.RateLimits;
using Switchboard.Gateway.Routing;
using Switchboard.Gateway.Telemetry;
using Switchboard.Knowledge;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Builtin;
using Switchboard.Providers.OpenAI;
using Switchboard.Server.Agents;
using Switchboard.Server.Builtin;
using Switchboard.Server.Conversations;
using Switchboard.Server.Telemetry;
using Switchboard.Storage.Sqlite;

namespace Switchboard.Server.Hosting;

/// <summary>Composes every Switchboard service: catalog, providers, the model pipeline, storage.</summary>
internal static class SwitchboardServiceCollectionExtensions
{
    public static IServiceCollection AddSwitchboard(this IServiceCollection services)
    {
        // Options are bound from the final configuration when first resolved (tests and hosts may add sources up to
        // Build()); SwitchboardApplication resolves them right after Build(), so bad values still stop start-up.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => Bind<ServerOptions>(sp.GetRequiredService<IConfiguration>(), ServerOptions.Section));
        services.AddSingleton(sp => Bind<StorageOptions>(sp.GetRequiredService<IConfiguration>(), StorageOptions.Section));
        services.AddSingleton(sp => Bind<ChatOptionsSection>(sp.GetRequiredService<IConfiguration>(), ChatOptionsSection.Section));
        services.AddSingleton(sp => Bind<TelemetryOptions>(sp.GetRequiredService<IConfiguration>(), TelemetryOptions.Section));
        services.AddSwitchboardTelemetry();

        // Providers: one factory per wire protocol. Later registrations of the same kind replace earlier ones.
        services.AddSingleton<IChatProviderFactory, OpenAICompatibleProviderFactory>();
        services.AddSingleton<IChatProviderFactory, BuiltinProviderFactory>();
        services.AddSingleton<IChatProviderFactory, AnthropicProviderFactory>();
        services.AddSingleton(sp => Bind<BuiltinOptions>(sp.GetRequiredService<IConfiguration>(), BuiltinOptions.Section));
        services.AddSingleton(sp => new SqliteKnowledgeBase(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<KnowledgeBaseRegistry>();
        services.AddSingleton<IModelCatalog>(sp =>
        {
            // Bound from "Switchboard" itself, beside the other sections, whose keys it leaves to them (KnownSections).
            var catalogOptions = StrictConfigurationBinder.Bind<ModelCatalogOptions>(
                sp.GetRequiredService<IConfiguration>(), "Switchboard", path => path.Equals("Switchboard", StringComparison.OrdinalIgnoreCase));
            var registry = sp.GetRequiredService<ProviderClientRegistry>();
            return ModelCatalogBuilder.Build(catalogOptions, registry.Kinds, Environment.GetEnvironmentVariable, localKinds: registry.LocalKinds);
        });
        services.AddSingleton(sp =>
        {
            var policies = StrictConfigurationBinder.Bind(
                sp.GetRequiredService<IConfiguration>().GetSection(RoutingPolicyBuilder.Section),
                new Dictionary<string, RoutingPolicyOptions>(StringComparer.OrdinalIgnoreCase));
            return RoutingPolicyBuilder.Build(policies, sp.GetRequiredService<IModelCatalog>());
        });
        services.AddSingleton<ProviderClientRegistry>();
        services.AddSingleton(sp => Bind<CircuitBreakerSettings>(sp.GetRequiredService<IConfiguration>(), CircuitBreakerSettings.Section));
        services.AddSingleton<CircuitBreakerRegistry>();

        // Governance: counters for budgets and rate limits, the budget settings, and the cost ledger's writer.
        services.TryAddSingleton<Abstractions.Governance.ICounterStore>(sp => new InProcessCounterStore(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => Bind<BudgetOptions>(sp.GetRequiredService<IConfiguration>(), BudgetOptions.Section));
        services.AddSingleton(sp => new LedgerWriter(
            sp.GetRequiredService<Abstractions.Governance.ILedgerStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LedgerWriter>>()));
        services.AddSingleton<ILedgerSink>(sp => sp.GetRequiredService<LedgerWriter>());
        services.AddSingleton<UsageReports>();
        services.AddSingleton(sp => Bind<ResponseCacheOptions>(sp.GetRequiredService<IConfiguration>(), ResponseCacheOptions.Section));
        services.TryAddSingleton<IResponseCache>(sp => new MemoryResponseCache(sp.GetRequiredService<ResponseCacheOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => RateLimitModelSettings.Apply(
            StrictConfigurationBinder.Bind<RateLimitOptions>(
                sp.GetRequiredService<IConfiguration>(),
                RateLimitOptions.Section,
                path => path.StartsWith(RateLimitOptions.Section + ":Models:", StringComparison.OrdinalIgnoreCase)),
            sp.GetRequiredService<IConfiguration>().GetSection(RateLimitOptions.Section + ":Models")));
        services.AddSingleton(sp => new RateLimiter(
            sp.GetRequiredService<RateLimitOptions>(), sp.GetRequiredService<Abstractions.Governance.ICounterStore>(), sp.GetRequiredService<TimeProvider>()));

        // The model-call pipeline, outermost stage first. Every model call in the process goes through it; the order
        // is explained in docs/design/pipeline.md.
        services.AddSingleton(sp => new ChatPipelineBuilder()
            .UseModelCallTelemetry()
            .UseMetering()
            .UseResponseCache()
            .UseRoutingPolicies()
            .UseBudgets()
            .UseRateLimits()
            .Use((inner, provider) => new FailoverChatClient(
                inner,
                provider.GetRequiredService<IModelCatalog>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<CircuitBreakerRegistry>(),
                provider.GetRequiredService<RateLimiter>()))
            .Build(new ProviderRouterChatClient(sp.GetRequiredService<IModelCatalog>(), sp.GetRequiredService<ProviderClientRegistry>()), sp));

        services.AddSqliteStorage(sp =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            return new SqliteStorageOptions { DatabasePath = storage.DatabasePath ?? Path.Combine(storage.DataDirectory, "switchboard.db") };
        });
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<Usage.LedgerWriterService>(); // after the migrations; stops after the server, flushing the ledger
        services.AddSingleton(sp => Bind<Access.AccessOptions>(sp.GetRequiredService<IConfiguration>(), Access.AccessOptions.Section));
        services.AddSingleton<Access.ApiKeyService>();
        services.AddSingleton<Access.AuditTrail>();
        services.AddHostedService<Access.BootstrapKeyInitializer>(); // after the migrations, which create its table
        services.AddHostedService<DemoKnowledgeSeeder>(); // after the migrations, which it needs

        services.AddSingleton<ConversationChatService>();
        services.AddSwitchboardAgents();
        return services;
    }

    /// <summary>Resolves and validates every configuration-derived service, failing with the names of bad fields.</summary>
    public static void ValidateSwitchboardConfiguration(this IServiceProvider services)
    {
        // Values that cannot be read at all are collected from every section first, so that they come in one message;
        // a mistyped section name ("Switchboard:Storge") first of all.
        var unreadable = new List<string>(StrictConfigurationBinder.CheckKeys(services.GetRequiredService<IConfiguration>().GetSection("Switchboard"), KnownSections));
        T? Read<T>()
            where T : class
        {
            try
            {
                return services.GetRequiredService<T>();
            }
            catch (ConfigurationValidationException exception)
            {
                unreadable.AddRange(exception.Errors);
                return null;
            }
        }

        var circuits = Read<CircuitBreakerSettings>();
        var server = Read<ServerOptions>();
        var storage = Read<StorageOptions>();
        var chat = Read<ChatOptionsSection>();
        var agents = Read<Switchboard.Server.Agents.AgentOptions>();
        var telemetry = Read<TelemetryOptions>();
        var access = Read<Access.AccessOptions>();
        var budgets = Read<BudgetOptions>();
        var rateLimits = Read<RateLimitOptions>();
        var cache = Read<ResponseCacheOptions>();
        var builtin = Read<BuiltinOptions>();

        // Checked before anything is built from them: the model catalog opens the database for the builtin provider's
        // knowledge bases, and an empty path would fail there without naming the field (an unset ${DB_PATH}, say).
        if (storage is { DatabasePath: { } path } && string.IsNullOrWhiteSpace(path))
        {
            unreadable.Add($"{StorageOptions.Section}:DatabasePath: is empty; leave it out to use {StorageOptions.Section}:DataDirectory, or name a file.");
        }

        if (builtin is { DemoKnowledgeBase: true } && string.IsNullOrWhiteSpace(builtin.DemoKnowledgeBaseName))
        {
            unreadable.Add($"{BuiltinOptions.Section}:DemoKnowledgeBaseName: must name a knowledge base (or set {BuiltinOptions.Section}:DemoKnowledgeBase to false).");
        }

        if (unreadable.Count > 0)
        {
            throw new ConfigurationValidationException(unreadable);
        }

        SwitchboardOptionsValidator.Validate(
            circuits!,
            server!,
            storage!,
            chat!,
            agents!,
            telemetry!,
            access!,
            budgets!,
            rateLimits!,
            cache!,
            services.GetRequiredService<IModelCatalog>,
            services.GetRequiredService<RoutingPolicyCatalog>,
            services.GetRequiredService<Switchboard.Agents.Runtime.AgentRuntime>);
    }

    /// <summary>The sections under <c>Switchboard</c>: each options type's, and the model catalog's own.</summary>
    private static readonly string[] KnownSections =
    [
        "Agents", "Auth", "Budgets", "Builtin", "Cache", "Chat", "CircuitBreaker", "Policies", "RateLimits", "Server", "Storage", "Telemetry",
        nameof(ModelCatalogOptions.Providers), nameof(ModelCatalogOptions.Routes), nameof(ModelCatalogOptions.Retries),
    ];

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : class, new() => StrictConfigurationBinder.Bind<T>(configuration, section);
}
