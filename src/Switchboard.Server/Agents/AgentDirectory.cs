using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Catalog;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Tools;

namespace Switchboard.Server.Agents;

/// <summary>
/// The agents the server runs: the presets and agent files read at start-up (read-only), plus the agents managed
/// through the admin API, which are stored in the database. Every change is checked as a whole (names, tools,
/// handoffs, routes, models) before it is stored and swapped in; one change at a time.
/// </summary>
internal sealed partial class AgentDirectory : IDisposable
{
    private const string ApiSourcePrefix = "api:";

    private readonly IReadOnlyList<AgentTeam> _fixed;
    private readonly ToolRegistry _tools;
    private readonly IModelCatalog _models;
    private readonly IAgentDefinitionStore _store;
    private readonly ILogger<AgentDirectory> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, AgentTeam> _managed = new(StringComparer.Ordinal);

    public AgentDirectory(AgentOptions options, ToolRegistry tools, IModelCatalog models, IAgentDefinitionStore store, ILogger<AgentDirectory> logger)
    {
        _tools = tools;
        _models = models;
        _store = store;
        _logger = logger;
        _fixed = AgentServiceCollectionExtensions.LoadTeams(options, models);
        Source = new AgentCatalogSource(Build(_fixed));
    }

    public AgentCatalogSource Source { get; }

    /// <summary>Whether an agent is managed through the API (and so can be changed or deleted there).</summary>
    public static bool IsManaged(AgentDefinition agent) => agent.Source?.StartsWith(ApiSourcePrefix, StringComparison.Ordinal) == true;

    /// <summary>Loads the stored agents; one that no longer fits (say, its model was removed) is skipped and logged.</summary>
    public async Task LoadStoredAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var managed = new Dictionary<string, AgentTeam>(StringComparer.Ordinal);
            foreach (var stored in await _store.ListAsync(cancellationToken))
            {
                try
                {
                    var team = AgentFileLoader.Parse(stored.Definition, ApiSourcePrefix + stored.Name);
                    var candidate = new Dictionary<string, AgentTeam>(managed, StringComparer.Ordinal) { [stored.Name] = team };
                    _ = Build(_fixed.Concat(candidate.Values));
                    managed = candidate;
                }
                catch (AgentDefinitionException exception)
                {
                    LogSkipped(stored.Name, string.Join("; ", exception.Errors));
                }
            }

            _managed = managed;
            Source.Replace(Build(_fixed.Concat(_managed.Values)));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Creates or replaces an API-managed agent; returns it and whether it was created.</summary>
    /// <exception cref="AgentDefinitionException">The definition is invalid or breaks a reference.</exception>
    /// <exception cref="InvalidOperationException">The name belongs to a preset or an agent file.</exception>
    /// <param name="name">The agent's name.</param>
    /// <param name="text">Its definition (JSON or YAML).</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">Makes the audit record of the change (told whether it created the agent), written in the same transaction.</param>
    public async Task<(AgentDefinition Agent, bool Created)> SaveAsync(string name, string text, CancellationToken cancellationToken, Func<bool, AuditRecord>? audit = null)
    {
        var team = AgentFileLoader.Parse(text, ApiSourcePrefix + name);
        if (team.Agents.Count != 1 || team.Agents[0].Name != name)
        {
            var problem = $"{ApiSourcePrefix}{name}: name: the body must define exactly one agent named '{name}' (the name in the path).";
            throw new AgentDefinitionException(problem) { Errors = [problem] };
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Source.Current.Find(name) is { } existing && !IsManaged(existing))
            {
                throw new InvalidOperationException($"The agent '{name}' comes from {existing.Source}; change it there.");
            }

            var managed = new Dictionary<string, AgentTeam>(_managed, StringComparer.Ordinal) { [name] = team };
            var catalog = Build(_fixed.Concat(managed.Values));
            var created = await _store.SaveAsync(name, text, cancellationToken, audit);
            _managed = managed;
            Source.Replace(catalog);
            LogSaved(name, created);
            return (catalog.Find(name)!, created);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes an API-managed agent; false when there is no such agent.</summary>
    /// <exception cref="AgentDefinitionException">Another agent still refers to it.</exception>
    /// <exception cref="InvalidOperationException">The agent belongs to a preset or an agent file.</exception>
    /// <param name="name">The agent's name.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">The audit record of the deletion, written in the same transaction.</param>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken, AuditRecord? audit = null)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var existing = Source.Current.Find(name);
            if (existing is null)
            {
                return false;
            }

            if (!IsManaged(existing))
            {
                throw new InvalidOperationException($"The agent '{name}' comes from {existing.Source}; remove it there.");
            }

            var managed = new Dictionary<string, AgentTeam>(_managed, StringComparer.Ordinal);
            managed.Remove(name);
            var catalog = Build(_fixed.Concat(managed.Values));
            // False when another server deleted it meanwhile: this one drops it too, and answers that it is gone (with
            // nothing to record, since this call deleted nothing).
            var deleted = await _store.DeleteAsync(name, cancellationToken, audit);
            _managed = managed;
            Source.Replace(catalog);
            if (deleted)
            {
                LogDeleted(name);
            }

            return deleted;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private AgentCatalog Build(IEnumerable<AgentTeam> teams) =>
        AgentCatalog.Build(teams, _tools.Contains, name => _models.TryGetRoute(name, out _, out var reason) ? null : reason);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "Agent {Agent} saved through the admin API (created: {Created})")]
    private partial void LogSaved(string agent, bool created);

    [LoggerMessage(EventId = 122, Level = LogLevel.Information, Message = "Agent {Agent} deleted through the admin API")]
    private partial void LogDeleted(string agent);

    [LoggerMessage(EventId = 123, Level = LogLevel.Error, Message = "Stored agent {Agent} was skipped: {Problems}")]
    private partial void LogSkipped(string agent, string problems);
}
