using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;
using Switchboard.Abstractions.Governance;
using Switchboard.Abstractions.Health;

namespace Switchboard.Storage.Sqlite;

/// <summary>Registers the SQLite stores.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteDatabase"/> and, as singletons, the SQLite <see cref="IConversationStore"/>,
    /// <see cref="IAgentSessionStore"/>, <see cref="IHandoffQueueStore"/>, <see cref="IOrderStore"/> and
    /// <see cref="ILedgerStore"/> (also the <see cref="IBudgetSpendSource"/> budgets restart from), and the <see cref="DemoOrderSeeder"/>; options are read when first needed.
    /// </summary>
    /// <remarks>
    /// Call <see cref="SqliteDatabase.InitializeAsync"/> at start-up to create the file and apply migrations, and then,
    /// for the demo shop, <see cref="DemoOrderSeeder.SeedAsync"/>.
    /// </remarks>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, Func<IServiceProvider, SqliteStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteDatabase(options(sp), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SqliteConversationStore>();
        services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<SqliteConversationStore>());
        services.AddSingleton<IReadinessCheck>(sp => sp.GetRequiredService<SqliteConversationStore>());
        services.TryAddSingleton<IAgentSessionStore, SqliteAgentSessionStore>();
        services.TryAddSingleton<IHandoffQueueStore, SqliteHandoffQueueStore>();
        services.TryAddSingleton<IOrderStore, SqliteOrderStore>();
        services.TryAddSingleton<IAgentDefinitionStore, SqliteAgentDefinitionStore>();
        services.TryAddSingleton<IApiKeyStore, SqliteApiKeyStore>();
        services.TryAddSingleton<IAuditLog, SqliteAuditLog>();
        services.TryAddSingleton<SqliteLedgerStore>();
        services.TryAddSingleton<ILedgerStore>(sp => sp.GetRequiredService<SqliteLedgerStore>());
        services.TryAddSingleton<IBudgetSpendSource>(sp => sp.GetRequiredService<SqliteLedgerStore>());
        services.TryAddSingleton<DemoOrderSeeder>();
        return services;
    }
}
