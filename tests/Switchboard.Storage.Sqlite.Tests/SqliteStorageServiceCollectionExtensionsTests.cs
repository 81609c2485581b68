using Microsoft.Extensions.DependencyInjection;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class SqliteStorageServiceCollectionExtensionsTests
{
    [Theory]
    [InlineData(typeof(IAgentSessionStore), typeof(SqliteAgentSessionStore))]
    [InlineData(typeof(IHandoffQueueStore), typeof(SqliteHandoffQueueStore))]
    [InlineData(typeof(IOrderStore), typeof(SqliteOrderStore))]
    [InlineData(typeof(ILedgerStore), typeof(SqliteLedgerStore))]
    [InlineData(typeof(DemoOrderSeeder), typeof(DemoOrderSeeder))]
    public void AddSqliteStorage_RegistersTheAgentStoresAsSingletons(Type service, Type implementation)
    {
        var services = new ServiceCollection().AddSqliteStorage(_ => new SqliteStorageOptions());

        var descriptor = Assert.Single(services, d => d.ServiceType == service);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.Equal(implementation, descriptor.ImplementationType);
    }
}
