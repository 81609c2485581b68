using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Runtime;
using Switchboard.Agents.Tests.Fakes;
using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Tests.Runtime;

/// <summary>An <see cref="AgentRuntime"/> wired to the in-memory fakes and a scripted model.</summary>
internal sealed class AgentRuntimeHarness
{
    /// <summary>Long enough for any run here; short enough that a hang fails the test instead of the test run.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(30);

    public AgentRuntimeHarness(IEnumerable<AgentTeam> teams, ScriptedChatClient model, params AgentTool[] tools)
        : this(teams, model, cache: null, tools)
    {
    }

    public AgentRuntimeHarness(IEnumerable<AgentTeam> teams, ScriptedChatClient model, Func<TimeProvider, IToolResultCache>? cache, params AgentTool[] tools)
    {
        Model = model;
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero));
        Conversations = new FakeConversationStore(Time);
        Sessions = new FakeAgentSessionStore(Time);
        Queue = new FakeHandoffQueueStore(Time);
        var models = new FakeModelCatalog();
        var registry = new ToolRegistry(tools);
        var catalog = AgentCatalog.Build(teams, registry.Contains, name => models.TryResolve(name, out _, out var reason) ? null : reason);
        Runtime = new AgentRuntime(
            catalog,
            registry,
            model,
            models,
            Conversations,
            Sessions,
            Queue,
            new ToolExecutor(Sessions, Time, NullLogger<ToolExecutor>.Instance, cache?.Invoke(Time)),
            Time,
            NullLogger<AgentRuntime>.Instance);
    }

    public ScriptedChatClient Model { get; }

    public FakeTimeProvider Time { get; }

    public FakeConversationStore Conversations { get; }

    public FakeAgentSessionStore Sessions { get; }

    public FakeHandoffQueueStore Queue { get; }

    public AgentRuntime Runtime { get; }

    /// <summary>A runtime for one agent.</summary>
    public static AgentRuntimeHarness For(AgentDefinition agent, ScriptedChatClient model, params AgentTool[] tools) =>
        new([new AgentTeam(agent.Name, string.Empty, agent.Name, [agent], "test")], model, tools);

    /// <summary>A runtime for one agent whose executor uses the cache <paramref name="cache"/> builds on the harness's clock.</summary>
    public static AgentRuntimeHarness For(AgentDefinition agent, ScriptedChatClient model, Func<TimeProvider, IToolResultCache> cache, params AgentTool[] tools) =>
        new([new AgentTeam(agent.Name, string.Empty, agent.Name, [agent], "test")], model, cache, tools);

    public Task<Conversation> StartAsync(string agentOrTeam) =>
        Conversations.CreateAsync(new NewConversation(null, null, agentOrTeam, new Dictionary<string, string>()), CancellationToken.None);

    public async Task<List<AgentEvent>> RunAsync(Conversation conversation, string message)
    {
        using var limit = new CancellationTokenSource(RunLimit);
        var events = new List<AgentEvent>();
        await foreach (var e in Runtime.RunAsync(conversation, message, limit.Token))
        {
            events.Add(e);
        }

        return events;
    }

    public async Task<AgentSession> SessionAsync(Conversation conversation) =>
        await Sessions.GetAsync(conversation.Id, CancellationToken.None) ?? throw new InvalidOperationException("No session.");

    public IReadOnlyList<ConversationMessage> Messages(Conversation conversation) => Conversations.Messages(conversation.Id);
}
