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
    [InlineData(typeof(DemoOrderSeeder), typeof(DemoOrderSeeder))]
    public void AddSqliteStorage_RegistersTheAgentStoresAsSingletons(Type service, Type implementation)
    {
        var services = new ServiceCollection().AddSqliteStorage(_ => new SqliteStorageOptions());

        var descriptor = Assert.Single(services, d => d.ServiceType == service);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.Equal(implementation, descriptor.ImplementationType);
    }

    [Fact]
    public void AddSqliteStorage_TheLedgerIsAlsoWhatBudgetsRestartFrom()
    {
        var services = new ServiceCollection().AddSqliteStorage(_ => new SqliteStorageOptions());

        // One SqliteLedgerStore singleton behind both services.
        var store = Assert.Single(services, d => d.ServiceType == typeof(SqliteLedgerStore));
        Assert.Equal((ServiceLifetime.Singleton, typeof(SqliteLedgerStore)), (store.Lifetime, store.ImplementationType));
        foreach (var service in new[] { typeof(ILedgerStore), typeof(IBudgetSpendSource) })
        {
            var descriptor = Assert.Single(services, d => d.ServiceType == service);
            Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
            Assert.NotNull(descriptor.ImplementationFactory);
        }
    }
}
