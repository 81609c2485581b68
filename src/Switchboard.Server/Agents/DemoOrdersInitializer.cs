using Switchboard.Storage.Sqlite;

namespace Switchboard.Server.Agents;

/// <summary>Seeds the demo shop's orders into an empty orders table at start-up (after the migrations).</summary>
internal sealed partial class DemoOrdersInitializer : IHostedService
{
    private readonly DemoOrderSeeder _seeder;
    private readonly AgentOptions _options;
    private readonly ILogger<DemoOrdersInitializer> _logger;

    public DemoOrdersInitializer(DemoOrderSeeder seeder, AgentOptions options, ILogger<DemoOrdersInitializer> logger)
    {
        _seeder = seeder;
        _options = options;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.DemoOrders && await _seeder.SeedAsync(cancellationToken) is > 0 and var count)
        {
            LogSeeded(count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Seeded {Count} demo orders")]
    private partial void LogSeeded(int count);
}
