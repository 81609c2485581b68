namespace Switchboard.Agents.Definitions;

/// <summary>
/// The loaded agents and teams, checked as a whole: names are unique, and every tool, handoff target, route and model
/// they name exists. A conversation names a team (it starts with the team's entry agent) or an agent.
/// </summary>
public sealed class AgentCatalog
{
    /// <summary>The route name that means "a person", through the handoff queue.</summary>
    public const string HumanRoute = "human";

    /// <summary>The longest tool name OpenAI-style APIs accept.</summary>
    private const int MaxToolNameLength = 64;

    private readonly Dictionary<string, AgentDefinition> _agents;
    private readonly Dictionary<string, AgentTeam> _teams;

    private AgentCatalog(Dictionary<string, AgentDefinition> agents, Dictionary<string, AgentTeam> teams)
    {
        _agents = agents;
        _teams = teams;
    }

    /// <summary>Gets an empty catalog.</summary>
    public static AgentCatalog Empty { get; } = new([], []);

    /// <summary>Gets every agent, by name.</summary>
    public IReadOnlyCollection<AgentDefinition> Agents => _agents.Values;

    /// <summary>Gets every team, by name.</summary>
    public IReadOnlyCollection<AgentTeam> Teams => _teams.Values;

    /// <summary>Builds and checks a catalog.</summary>
    /// <param name="teams">The loaded teams.</param>
    /// <param name="toolExists">Whether a tool name is registered.</param>
    /// <param name="checkModel">Returns why a model name cannot be used, or null when it can.</param>
    /// <exception cref="AgentDefinitionException">Anything is inconsistent; every problem is listed.</exception>
    public static AgentCatalog Build(IEnumerable<AgentTeam> teams, Func<string, bool> toolExists, Func<string, string?> checkModel)
    {
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(toolExists);
        ArgumentNullException.ThrowIfNull(checkModel);
        var errors = new List<string>();
        var agents = new Dictionary<string, AgentDefinition>(StringComparer.Ordinal);
        var teamMap = new Dictionary<string, AgentTeam>(StringComparer.Ordinal);
        foreach (var team in teams)
        {
            if (!teamMap.TryAdd(team.Name, team))
            {
                errors.Add($"{team.Source}: name: team '{team.Name}' is also defined in {teamMap[team.Name].Source}");
            }

            foreach (var agent in team.Agents)
            {
                if (!agents.TryAdd(agent.Name, agent) && !ReferenceEquals(agents[agent.Name], agent))
                {
                    errors.Add($"{agent.Source}: name: agent '{agent.Name}' is also defined in {agents[agent.Name].Source}");
                }
            }
        }

        foreach (var agent in agents.Values)
        {
            var source = agent.Source ?? agent.Name;
            if (checkModel(agent.Model) is { } modelProblem)
            {
                errors.Add($"{source}: {agent.Name}.model: {modelProblem}");
            }

            foreach (var tool in agent.Tools.Where(t => !toolExists(t)))
            {
                errors.Add($"{source}: {agent.Name}.tools: unknown tool '{tool}'");
            }

            foreach (var target in agent.Handoffs.Where(h => h != HumanRoute && !agents.ContainsKey(h)))
            {
                errors.Add($"{source}: {agent.Name}.handoffs: unknown agent '{target}'");
            }

            CheckTransferToolNames(agent, source, errors);

            if (agent.Router is { } router)
            {
                foreach (var route in router.Routes.Where(r => r != HumanRoute && !agents.ContainsKey(r)))
                {
                    errors.Add($"{source}: {agent.Name}.router.routes: unknown agent '{route}'");
                }

                if (router.Model is { } routerModel && checkModel(routerModel) is { } routerProblem)
                {
                    errors.Add($"{source}: {agent.Name}.router.model: {routerProblem}");
                }

                if (router.Mode != RouterMode.Llm)
                {
                    foreach (var route in router.Routes.Where(r => r != HumanRoute && agents.TryGetValue(r, out var a) && a.Examples.Count == 0))
                    {
                        errors.Add($"{source}: {agent.Name}.router.routes: '{route}' has no examples for the classifier");
                    }
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new AgentDefinitionException(
                $"Invalid agent definitions:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}")
            {
                Errors = errors,
            };
        }

        return new AgentCatalog(agents, teamMap);
    }

    /// <summary>
    /// The transfer tools an agent offers (<c>transfer_to_&lt;target&gt;</c>, '-' as '_') must be valid tool names for
    /// every provider, at most 64 characters, and distinct: <c>billing-team</c> and <c>billing_team</c> would offer one
    /// tool, and one of the two handoffs could never happen.
    /// </summary>
    private static void CheckTransferToolNames(AgentDefinition agent, string source, List<string> errors)
    {
        var targets = agent.Router is { } router ? agent.Handoffs.Concat(router.Routes) : agent.Handoffs;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var target in targets.Where(t => t != HumanRoute).Distinct(StringComparer.Ordinal))
        {
            var field = agent.Handoffs.Contains(target) ? "handoffs" : "router.routes";
            var tool = Tools.TransferTool.Prefix + target.Replace('-', '_');
            if (tool.Length > MaxToolNameLength)
            {
                errors.Add($"{source}: {agent.Name}.{field}: '{target}' gives the tool name '{tool}', longer than {MaxToolNameLength} characters; shorten the agent's name");
            }
            else if (!seen.TryAdd(tool, target))
            {
                errors.Add($"{source}: {agent.Name}.{field}: '{target}' and '{seen[tool]}' give the same tool name '{tool}'; rename one of them");
            }
        }
    }

    /// <summary>Finds an agent by name.</summary>
    public AgentDefinition? Find(string name) => _agents.GetValueOrDefault(name);

    /// <summary>Finds a team by name.</summary>
    public AgentTeam? FindTeam(string name) => _teams.GetValueOrDefault(name);

    /// <summary>
    /// Lists every model a conversation with <paramref name="name"/> (a team or an agent) may call: the models of its
    /// entry agent and of every agent reachable from it by handoffs and router routes, and their routers' models.
    /// </summary>
    /// <param name="name">What the conversation names.</param>
    /// <returns>The model names, each once; empty when <paramref name="name"/> is unknown.</returns>
    public IReadOnlyCollection<string> ReachableModels(string name)
    {
        var models = new HashSet<string>(StringComparer.Ordinal);
        if (ResolveEntry(name) is not { } entry)
        {
            return models;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { entry.Name };
        var pending = new Queue<AgentDefinition>();
        pending.Enqueue(entry);
        while (pending.TryDequeue(out var agent))
        {
            models.Add(agent.Model);
            if (agent.Router?.Model is { } routerModel)
            {
                models.Add(routerModel);
            }

            foreach (var next in agent.Router is { } router ? agent.Handoffs.Concat(router.Routes) : agent.Handoffs)
            {
                if (seen.Add(next) && _agents.TryGetValue(next, out var target))
                {
                    pending.Enqueue(target);
                }
            }
        }

        return models;
    }

    /// <summary>Resolves what a conversation names (a team or an agent) to the agent it starts with.</summary>
    public AgentDefinition? ResolveEntry(string name) =>
        _teams.TryGetValue(name, out var team) ? _agents.GetValueOrDefault(team.Entry) : _agents.GetValueOrDefault(name);
}
