using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Pipeline;

namespace Switchboard.Gateway.Governance;

/// <summary>Adds <see cref="BudgetChatClient"/> to a pipeline.</summary>
public static class BudgetPipelineExtensions
{
    /// <summary>
    /// Adds the stage that reserves each call's worst-case cost on its budgets before the call and settles it after.
    /// Add it after (inside) the routing policies and before (outside) failover. It needs an <see cref="ICounterStore"/>
    /// (a singleton: <see cref="InProcessCounterStore"/> for one node) and an <see cref="IModelCatalog"/>; it reads
    /// <see cref="BudgetOptions"/> (registered as such, or as <c>IOptions&lt;BudgetOptions&gt;</c>; none means only the
    /// budgets the calls' keys carry), the <see cref="TimeProvider"/> when registered, and the
    /// <see cref="IBudgetSpendSource"/> counters restart from when one is registered (the SQLite ledger is).
    /// </summary>
    public static ChatPipelineBuilder UseBudgets(this ChatPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var options = services.GetService<BudgetOptions>() ?? services.GetService<IOptions<BudgetOptions>>()?.Value ?? new BudgetOptions();
            return options.Enabled ? Create(inner, options, services) : inner; // disabled budgets are no stage at all
        });
    }

    private static BudgetChatClient Create(IChatClient inner, BudgetOptions options, IServiceProvider services) =>
        new(
            inner,
            options,
            services.GetRequiredService<ICounterStore>(),
            services.GetRequiredService<IModelCatalog>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILogger<BudgetChatClient>>() ?? NullLogger<BudgetChatClient>.Instance,
            services.GetService<IBudgetSpendSource>());
}
