using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Abstractions.Conversations;
using Switchboard.Abstractions.Health;

namespace Switchboard.Storage.Sqlite;

/// <summary>Registers the SQLite stores.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SqliteDatabase"/> and the SQLite <see cref="IConversationStore"/>; options are read when first needed.</summary>
    /// <remarks>Call <see cref="SqliteDatabase.InitializeAsync"/> at start-up to create the file and apply migrations.</remarks>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, Func<IServiceProvider, SqliteStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteDatabase(options(sp), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SqliteConversationStore>();
        services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<SqliteConversationStore>());
        services.AddSingleton<IReadinessCheck>(sp => sp.GetRequiredService<SqliteConversationStore>());
        return services;
    }
}
