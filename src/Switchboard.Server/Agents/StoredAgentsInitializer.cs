namespace Switchboard.Server.Agents;

/// <summary>Loads the agents managed through the admin API at start-up, after the migrations.</summary>
internal sealed class StoredAgentsInitializer : IHostedService
{
    private readonly AgentDirectory _directory;

    public StoredAgentsInitializer(AgentDirectory directory) => _directory = directory;

    public Task StartAsync(CancellationToken cancellationToken) => _directory.LoadStoredAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
