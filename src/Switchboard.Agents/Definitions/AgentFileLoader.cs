using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.Abstractions.Agents;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Agents.Definitions;

/// <summary>
/// Reads agent files (YAML, or JSON, which is YAML too). A file holds one agent, or a team: <c>name</c>,
/// <c>entry</c> and a list of <c>agents</c>. Every problem is reported at once as <c>file:line: field: problem</c>.
/// </summary>
public static partial class AgentFileLoader
{
    /// <summary>The deepest nesting of mappings and sequences an agent file may have.</summary>
    private const int MaxNesting = 64;

    private static readonly string[] TeamKeys = ["name", "description", "entry", "agents"];

    private static readonly string[] AgentKeys =
    [
        "name", "description", "instructions", "variables", "model", "tools", "handoffs", "examples", "max_turns",
        "temperature", "max_tokens", "max_parallel_tools", "max_tool_calls", "tool_timeout_seconds", "max_consecutive_tool_errors",
        "escalation", "context", "router", "output_schema",
    ];

    /// <summary>Loads a file.</summary>
    /// <exception cref="AgentDefinitionException">The file cannot be read or is invalid.</exception>
    public static AgentTeam LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new AgentDefinitionException($"{path}: cannot be read: {exception.Message}", exception) { Errors = [$"{path}: cannot be read"] };
        }

        return Parse(text, path);
    }

    /// <summary>Loads every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> file of a directory, in name order.</summary>
    /// <exception cref="AgentDefinitionException">The directory does not exist or a file is invalid.</exception>
    public static IReadOnlyList<AgentTeam> LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new AgentDefinitionException($"{directory}: the agents directory does not exist.") { Errors = [$"{directory}: does not exist"] };
        }

        return Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
                || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(LoadFile)
            .ToList();
    }

    /// <summary>
    /// Refuses, before the node tree is built, what would make building or reading it unbounded: an alias (<c>*a</c>) can
    /// point back at its own parent (a cycle that recursion over the tree never leaves) or repeat a subtree without end,
    /// and deep nesting recurses once per level. The parser's events are read without recursion. Broken YAML is left
    /// for the load that follows to report.
    /// </summary>
    private static void CheckShape(string text, string source)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        throw Invalid(source, alias.Start.Line, $"aliases (*{alias.Value}) are not supported; write the value out");
                    case MappingStart or SequenceStart:
                        if (++depth > MaxNesting)
                        {
                            throw Invalid(source, parser.Current.Start.Line, $"nested deeper than {MaxNesting} levels");
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException)
        {
            // Reported by the load with its position.
        }

        static AgentDefinitionException Invalid(string source, long line, string problem)
        {
            var message = $"{source}:{line}: {problem}";
            return new AgentDefinitionException(message) { Errors = [message] };
        }
    }

    /// <summary>Parses the text of a file.</summary>
    /// <param name="text">YAML or JSON.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <exception cref="AgentDefinitionException">The text is invalid.</exception>
    public static AgentTeam Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        CheckShape(text, source);
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException exception)
        {
            var message = $"{source}:{exception.Start.Line}: not valid YAML or JSON: {exception.Message}";
            throw new AgentDefinitionException(message, exception) { Errors = [message] };
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some broken input (an unclosed '[').
            var message = $"{source}:{parser.Current?.End.Line ?? 1}: not valid YAML or JSON: {exception.Message}";
            throw new AgentDefinitionException(message, exception) { Errors = [message] };
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var message = $"{source}: must hold a mapping (an agent, or a team with 'agents')";
            throw new AgentDefinitionException(message) { Errors = [message] };
        }

        var reader = new YamlReader(source);
        AgentTeam? team;
        if (YamlReader.Get(root, "agents") is not null)
        {
            team = ReadTeam(reader, root, source);
        }
        else
        {
            var agent = ReadAgent(reader, root, string.Empty, source);
            team = agent is null ? null : new AgentTeam(agent.Name, agent.Description, agent.Name, [agent], source);
        }

        if (reader.Errors.Count > 0 || team is null)
        {
            throw new AgentDefinitionException(
                $"Invalid agent definition:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", reader.Errors)}")
            {
                Errors = reader.Errors,
            };
        }

        return team;
    }

    private static AgentTeam? ReadTeam(YamlReader reader, YamlMappingNode root, string source)
    {
        reader.CheckKeys(root, string.Empty, TeamKeys);
        var name = reader.String(root, string.Empty, "name", required: true);
        CheckName(reader, root, "name", name);
        var entry = reader.String(root, string.Empty, "entry", required: true);
        var agents = new List<AgentDefinition>();
        if (YamlReader.Get(root, "agents") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            reader.Error(root, "agents", "must be a non-empty list of agents");
            return null;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is not YamlMappingNode map)
            {
                reader.Error(list.Children[i], $"agents[{i}]", "must be a mapping");
                continue;
            }

            if (ReadAgent(reader, map, $"agents[{i}]", source) is { } agent)
            {
                if (agents.Any(a => a.Name == agent.Name))
                {
                    reader.Error(map, $"agents[{i}].name", $"'{agent.Name}' is defined twice");
                }

                agents.Add(agent);
            }
        }

        if (entry is not null && agents.Count > 0 && agents.All(a => a.Name != entry))
        {
            reader.Error(root, "entry", $"'{entry}' is not one of the team's agents ({string.Join(", ", agents.Select(a => a.Name))})");
        }

        return name is null || entry is null ? null : new AgentTeam(name, reader.String(root, string.Empty, "description") ?? string.Empty, entry, agents, source);
    }

    private static AgentDefinition? ReadAgent(YamlReader reader, YamlMappingNode map, string path, string source)
    {
        reader.CheckKeys(map, path, AgentKeys);
        var name = reader.String(map, path, "name", required: true);
        CheckName(reader, map, YamlReader.Join(path, "name"), name);
        var model = reader.String(map, path, "model", required: true);
        var timeout = reader.Double(map, path, "tool_timeout_seconds", 0.01, 3600);
        var defaults = new AgentDefinition { Name = "x", Model = "x" };

        JsonElement? outputSchema = null;
        if (YamlReader.Get(map, "output_schema") is { } schemaNode)
        {
            var json = reader.ToJson(schemaNode, YamlReader.Join(path, "output_schema"));
            if (json is System.Text.Json.Nodes.JsonObject)
            {
                outputSchema = JsonSerializer.SerializeToElement(json);
            }
            else
            {
                reader.Error(schemaNode, YamlReader.Join(path, "output_schema"), "must be a JSON schema object");
            }
        }

        var agent = new AgentDefinition
        {
            Name = name ?? string.Empty,
            Model = model ?? string.Empty,
            Description = reader.String(map, path, "description") ?? string.Empty,
            Instructions = reader.String(map, path, "instructions") ?? string.Empty,
            Variables = reader.StringMap(map, path, "variables") ?? defaults.Variables,
            Tools = reader.StringList(map, path, "tools") ?? [],
            Handoffs = reader.StringList(map, path, "handoffs") ?? [],
            Examples = reader.StringList(map, path, "examples") ?? [],
            MaxTurns = reader.Int(map, path, "max_turns", 1, 100) ?? defaults.MaxTurns,
            Temperature = reader.Double(map, path, "temperature", 0, 2),
            MaxTokens = reader.Int(map, path, "max_tokens", 1, 1_000_000),
            MaxParallelTools = reader.Int(map, path, "max_parallel_tools", 1, 64) ?? defaults.MaxParallelTools,
            MaxToolCalls = reader.Int(map, path, "max_tool_calls", 1, 256) ?? defaults.MaxToolCalls,
            ToolTimeout = timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.ToolTimeout,
            MaxConsecutiveToolErrors = reader.Int(map, path, "max_consecutive_tool_errors", 1, 100) ?? defaults.MaxConsecutiveToolErrors,
            Escalation = ReadEscalation(reader, map, path),
            Context = ReadContext(reader, map, path),
            Router = ReadRouter(reader, map, path),
            OutputSchema = outputSchema,
            Source = source,
        };

        foreach (var handoff in agent.Handoffs.Where(h => h == agent.Name))
        {
            reader.Error(map, YamlReader.Join(path, "handoffs"), $"'{handoff}' is the agent itself");
        }

        return name is null || model is null ? null : agent;
    }

    private static EscalationSettings ReadEscalation(YamlReader reader, YamlMappingNode parent, string parentPath)
    {
        var defaults = new EscalationSettings();
        var path = YamlReader.Join(parentPath, "escalation");
        if (reader.Mapping(parent, parentPath, "escalation") is not { } map)
        {
            return defaults;
        }

        reader.CheckKeys(map, path, "enabled", "min_confidence", "negative_sentiment", "on_human_request", "intents", "max_failed_turns", "team", "priority");
        var priority = reader.String(map, path, "priority");
        if (priority is not null && !QueuePriority.All.Contains(priority))
        {
            reader.Error(map, YamlReader.Join(path, "priority"), $"must be one of {string.Join(", ", QueuePriority.All)}");
        }

        return new EscalationSettings
        {
            Enabled = reader.Bool(map, path, "enabled") ?? defaults.Enabled,
            MinConfidence = reader.Double(map, path, "min_confidence", 0, 1) ?? defaults.MinConfidence,
            NegativeSentiment = reader.Double(map, path, "negative_sentiment", -1, 1) ?? defaults.NegativeSentiment,
            OnHumanRequest = reader.Bool(map, path, "on_human_request") ?? defaults.OnHumanRequest,
            Intents = reader.StringList(map, path, "intents") ?? defaults.Intents,
            MaxFailedTurns = reader.Int(map, path, "max_failed_turns", 1, 100) ?? defaults.MaxFailedTurns,
            Team = reader.String(map, path, "team") ?? defaults.Team,
            Priority = priority ?? defaults.Priority,
        };
    }

    private static ContextSettings ReadContext(YamlReader reader, YamlMappingNode parent, string parentPath)
    {
        var defaults = new ContextSettings();
        var path = YamlReader.Join(parentPath, "context");
        if (reader.Mapping(parent, parentPath, "context") is not { } map)
        {
            return defaults;
        }

        reader.CheckKeys(map, path, "max_messages", "summary_window", "max_summary_chars");
        return new ContextSettings
        {
            MaxMessages = reader.Int(map, path, "max_messages", 2, 1000) ?? defaults.MaxMessages,
            SummaryWindow = reader.Int(map, path, "summary_window", 0, 10_000) ?? defaults.SummaryWindow,
            MaxSummaryChars = reader.Int(map, path, "max_summary_chars", 100, 100_000) ?? defaults.MaxSummaryChars,
        };
    }

    private static RouterSettings? ReadRouter(YamlReader reader, YamlMappingNode parent, string parentPath)
    {
        var path = YamlReader.Join(parentPath, "router");
        if (reader.Mapping(parent, parentPath, "router") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, path, "mode", "threshold", "default", "model", "routes", "human_examples");
        var modeText = reader.String(map, path, "mode") ?? "classifier";
        // Enum.TryParse also takes numbers and comma lists ("llm,hybrid" is an undefined 3); only the three names count.
        if (!Enum.TryParse<RouterMode>(modeText, ignoreCase: true, out var mode) || int.TryParse(modeText, out _) || modeText.Contains(',', StringComparison.Ordinal) || !Enum.IsDefined(mode))
        {
            reader.Error(map, YamlReader.Join(path, "mode"), "must be classifier, llm or hybrid");
        }

        var routes = reader.StringList(map, path, "routes") ?? [];
        if (routes.Count == 0)
        {
            reader.Error(map, YamlReader.Join(path, "routes"), "must list at least one route");
        }

        var fallback = reader.String(map, path, "default", required: true) ?? string.Empty;
        if (fallback.Length > 0 && routes.Count > 0 && !routes.Contains(fallback))
        {
            reader.Error(map, YamlReader.Join(path, "default"), $"'{fallback}' is not one of the routes");
        }

        return new RouterSettings
        {
            Mode = mode,
            Threshold = reader.Double(map, path, "threshold", 0, 1) ?? 0.5,
            Default = fallback,
            Model = reader.String(map, path, "model"),
            Routes = routes,
            HumanExamples = reader.StringList(map, path, "human_examples") ?? [],
        };
    }

    private static void CheckName(YamlReader reader, YamlMappingNode map, string path, string? name)
    {
        if (name is not null && !NamePattern().IsMatch(name))
        {
            reader.Error(map, path, $"'{name}' must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter");
        }
        else if (name is "human")
        {
            reader.Error(map, path, "'human' is reserved for the handoff queue");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,63}\\z")]
    private static partial Regex NamePattern();
}
