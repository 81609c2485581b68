using Switchboard.Gateway.Governance;

namespace Switchboard.Server.Usage;

/// <summary>
/// Runs the cost ledger's background writer for the life of the host. It is registered before the web server starts
/// and so stops after it: every entry of a request that was still running at shutdown is written before the process ends.
/// </summary>
internal sealed class LedgerWriterService : IHostedService
{
    private readonly LedgerWriter _writer;

    public LedgerWriterService(LedgerWriter writer) => _writer = writer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _writer.DisposeAsync();
}
