using Switchboard.Knowledge;

namespace Switchboard.Server.Builtin;

/// <summary>
/// Loads the shipped demo support knowledge base (English and Chinese) into an empty knowledge base at start-up, so
/// that a server with no configuration answers support questions offline through <c>builtin:support</c>.
/// </summary>
internal sealed partial class DemoKnowledgeSeeder : IHostedService
{
    private const string Resource = "Switchboard.Server.DemoData.support-faq.jsonl";

    private readonly SqliteKnowledgeBase _store;
    private readonly BuiltinOptions _options;
    private readonly ILogger<DemoKnowledgeSeeder> _logger;

    public DemoKnowledgeSeeder(SqliteKnowledgeBase store, BuiltinOptions options, ILogger<DemoKnowledgeSeeder> logger)
    {
        _store = store;
        _options = options;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.DemoKnowledgeBase)
        {
            return;
        }

        var kb = _options.DemoKnowledgeBaseName;
        if ((await _store.ListAsync(kb, cancellationToken)).Count > 0)
        {
            return; // never overwrite what an operator imported (checked again where the entries are written)
        }

        using var stream = typeof(DemoKnowledgeSeeder).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The demo knowledge base '{Resource}' is missing from the build.");
        using var reader = new StreamReader(stream);
        var entries = FaqReader.Read(reader, Resource);
        if (await _store.ImportIntoEmptyAsync(kb, entries, cancellationToken) > 0)
        {
            LogSeeded(entries.Count, kb);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Loaded {Count} demo entries into knowledge base {KnowledgeBase}")]
    private partial void LogSeeded(int count, string knowledgeBase);
}
