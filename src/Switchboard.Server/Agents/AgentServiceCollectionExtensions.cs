using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Catalog;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Presets;
using Switchboard.Agents.Runtime;
using Switchboard.Agents.Tools;
using Switchboard.Agents.Tools.BuiltIn;
using Switchboard.Agents.Tools.Calculator;
using Switchboard.Agents.Tools.Http;
using Switchboard.Gateway.Caching;

namespace Switchboard.Server.Agents;

/// <summary>Registers the agent runtime: tools, the tool result cache, the agent catalog (presets and files), the runtime and the demo orders.</summary>
internal static class AgentServiceCollectionExtensions
{
    /// <summary>The configuration path of the declarative HTTP tools.</summary>
    public const string HttpToolsSection = AgentOptions.Section + ":HttpTools";

    public static IServiceCollection AddSwitchboardAgents(this IServiceCollection services)
    {
        services.AddSingleton(sp => Hosting.StrictConfigurationBinder.Bind<AgentOptions>(sp.GetRequiredService<IConfiguration>(), AgentOptions.Section));
        services.AddSingleton<IKnowledgeSearch, KnowledgeSearch>();
        services.AddSingleton<AgentToolHttpClient>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<AgentOptions>();
            var orders = sp.GetRequiredService<IOrderStore>();
            var time = sp.GetRequiredService<TimeProvider>();
            var http = sp.GetRequiredService<AgentToolHttpClient>().Client;
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var tools = new List<AgentTool>();
            var shopTenant = sp.GetRequiredService<Access.AccessOptions>().RootTenant;
            tools.AddRange(MethodTool.FromInstance(new OrderTools(orders, time, Math.Max(1, options.RefundWindowDays), shopTenant)));
            tools.AddRange(MethodTool.FromInstance(new SupportTools(orders, sp.GetRequiredService<IKnowledgeSearch>())));
            tools.Add(new CalculatorTool());

            // Always registered, so agents can name them; unconfigured, they answer which setting is missing.
            tools.Add(new WeatherTool(http, HttpBaseUrl(options.WeatherBaseUrl), loggers.CreateLogger<WeatherTool>()));
            tools.Add(new WebSearchTool(http, HttpBaseUrl(options.SearchBaseUrl), loggers.CreateLogger<WebSearchTool>()));
            tools.AddRange(CreateHttpTools(options, tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal), http, loggers));
            tools.AddRange(sp.GetServices<AgentTool>());
            return new ToolRegistry(tools);
        });
        services.AddSingleton<AgentDirectory>();

        // The in-process cache unless the host registered another (a shared one); off, every call runs its tool.
        services.TryAddSingleton<IToolResultCache>(sp => CreateToolResultCache(sp.GetRequiredService<AgentOptions>().ToolCache, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ToolExecutor(
            sp.GetRequiredService<IAgentSessionStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ToolExecutor>>(),
            sp.GetRequiredService<AgentOptions>().ToolCache.Enabled ? sp.GetRequiredService<IToolResultCache>() : null));
        services.AddSingleton(sp => new AgentRuntime(
            sp.GetRequiredService<AgentDirectory>().Source,
            sp.GetRequiredService<ToolRegistry>(),
            sp.GetRequiredService<Microsoft.Extensions.AI.IChatClient>(),
            sp.GetRequiredService<IModelCatalog>(),
            sp.GetRequiredService<Abstractions.Conversations.IConversationStore>(),
            sp.GetRequiredService<IAgentSessionStore>(),
            sp.GetRequiredService<IHandoffQueueStore>(),
            sp.GetRequiredService<ToolExecutor>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AgentRuntime>>()));
        services.AddHostedService<DemoOrdersInitializer>();
        services.AddHostedService<StoredAgentsInitializer>();
        return services;
    }

    /// <summary>
    /// Reads an optional base URL; anything but an absolute http(s) URL without a query or fragment counts as none (the
    /// start-up validator reports it): the tools append their paths to it, which a query or fragment would swallow.
    /// </summary>
    public static Uri? HttpBaseUrl(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Query.Length == 0
            && uri.Fragment.Length == 0
            && !value!.Contains('?', StringComparison.Ordinal)
            && !value.Contains('#', StringComparison.Ordinal)
            ? uri
            : null;

    /// <summary>Creates the in-process tool result cache.</summary>
    /// <exception cref="AgentDefinitionException">A setting is invalid; the errors name the fields.</exception>
    private static ToolResultCache CreateToolResultCache(ToolCacheOptions options, TimeProvider timeProvider)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new AgentDefinitionException(string.Join(Environment.NewLine, errors)) { Errors = errors };
        }

        return new ToolResultCache(options.MaxBytes, options.DefaultTtl, timeProvider);
    }

    /// <summary>Creates the HTTP tools declared in configuration.</summary>
    /// <exception cref="AgentDefinitionException">A tool is invalid or takes the name of a built-in tool; the errors name the fields.</exception>
    private static List<HttpTool> CreateHttpTools(AgentOptions options, HashSet<string> builtIn, HttpClient http, ILoggerFactory loggers)
    {
        var errors = HttpToolOptionsValidator.Validate(options.HttpTools, HttpToolsSection).ToList();
        for (var i = 0; i < options.HttpTools.Count; i++)
        {
            if (options.HttpTools[i]?.Name is { } name && builtIn.Contains(name))
            {
                errors.Add($"{HttpToolsSection}:{i}:Name: '{name}' is the name of a built-in tool.");
            }
        }

        if (errors.Count > 0)
        {
            throw new AgentDefinitionException(string.Join(Environment.NewLine, errors)) { Errors = errors };
        }

        var logger = loggers.CreateLogger<HttpTool>();
        return [.. options.HttpTools.Select(tool => new HttpTool(tool.ToDefinition(), http, Environment.GetEnvironmentVariable, logger))];
    }

    /// <summary>Loads the presets and the agents directory (the agents that cannot change while the server runs).</summary>
    /// <exception cref="AgentDefinitionException">A setting or a file is invalid.</exception>
    public static IReadOnlyList<AgentTeam> LoadTeams(AgentOptions options, IModelCatalog models)
    {
        if (options.RefundWindowDays < 1)
        {
            var problem = $"{AgentOptions.Section}:RefundWindowDays: must be at least 1 (got {options.RefundWindowDays}).";
            throw new AgentDefinitionException(problem) { Errors = [problem] };
        }

        if (options.Model is { Length: > 0 } overrideModel && !models.TryGetRoute(overrideModel, out _, out var reason))
        {
            var problem = $"{AgentOptions.Section}:Model: {reason}";
            throw new AgentDefinitionException(problem) { Errors = [problem] };
        }

        var teams = new List<AgentTeam>();
        var presets = options.Presets ?? [.. AgentOptions.DefaultPresets];
        for (var i = 0; i < presets.Length; i++)
        {
            var name = presets[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            if (!AgentPresets.Names.Contains(name))
            {
                var problem = $"{AgentOptions.Section}:Presets:{i}: there is no preset '{name}' (the presets are {string.Join(", ", AgentPresets.Names)}).";
                throw new AgentDefinitionException(problem) { Errors = [problem] };
            }

            var team = AgentPresets.Load(name);
            if (options.Model is { Length: > 0 } model)
            {
                team = team with { Agents = team.Agents.Select(a => a with { Model = model }).ToList() };
            }

            teams.Add(team);
        }

        if (options.Directory is { Length: > 0 } directory)
        {
            teams.AddRange(AgentFileLoader.LoadDirectory(directory));
        }

        return teams;
    }
}
