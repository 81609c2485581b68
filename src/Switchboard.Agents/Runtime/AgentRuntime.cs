using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Conversations;
using Switchboard.Abstractions.Governance;
using Switchboard.Abstractions.Ids;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Telemetry;
using Switchboard.Agents.Tools;
using Switchboard.Nlu.Text;

namespace Switchboard.Agents.Runtime;

/// <summary>
/// Runs an agent conversation, one user message at a time: stores the message first; stays silent while a person owns
/// the conversation; escalates at once on the agent's rules; lets the router choose the specialist; then loops model →
/// tool calls → results → model until a final answer, a handoff to a person, or <c>max_turns</c>. Every step is stored
/// and reported as an <see cref="AgentEvent"/>.
/// </summary>
public sealed partial class AgentRuntime
{
    /// <summary>How many of the latest messages are read to recognise a retry: the unanswered message and the tool
    /// steps of the run that stopped after it.</summary>
    private const int RetryWindow = 32;

    /// <summary>The reply when the conversation goes to a person (English).</summary>
    public const string HandoverEnglish = "I'm passing you to a member of our support team. They will reply here as soon as they can; you don't need to repeat anything.";

    /// <summary>The reply when the conversation goes to a person (Chinese).</summary>
    public const string HandoverChinese = "正在为您转接人工客服，客服人员会尽快在这里回复您，您无需重复说明。";

    /// <summary>The name of the built-in tool that hands the conversation to a person.</summary>
    public const string HandoffToHumanTool = "handoff_to_human";

    private readonly AgentCatalogSource _source;
    private readonly ToolRegistry _tools;
    private readonly IChatClient _pipeline;
    private readonly IModelCatalog _models;
    private readonly IConversationStore _conversations;
    private readonly IAgentSessionStore _sessions;
    private readonly IHandoffQueueStore _queue;
    private readonly AgentRouter _router;
    private readonly ModelSummarizer _summaries;
    private readonly ConversationLocks _locks = new();
    private readonly ToolExecutor _executor;
    private readonly EscalationRules _rules = new();
    private readonly ContextBuilder _context = new();
    private readonly ConversationSummarizer _summarizer = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="AgentRuntime"/> class with a fixed set of agents.</summary>
    public AgentRuntime(
        AgentCatalog agents,
        ToolRegistry tools,
        IChatClient pipeline,
        IModelCatalog models,
        IConversationStore conversations,
        IAgentSessionStore sessions,
        IHandoffQueueStore queue,
        ToolExecutor executor,
        TimeProvider timeProvider,
        ILogger<AgentRuntime> logger)
        : this(new AgentCatalogSource(agents), tools, pipeline, models, conversations, sessions, queue, executor, timeProvider, logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentRuntime"/> class with agents that can change while it runs.</summary>
    public AgentRuntime(
        AgentCatalogSource agents,
        ToolRegistry tools,
        IChatClient pipeline,
        IModelCatalog models,
        IConversationStore conversations,
        IAgentSessionStore sessions,
        IHandoffQueueStore queue,
        ToolExecutor executor,
        TimeProvider timeProvider,
        ILogger<AgentRuntime> logger)
    {
        _source = agents;
        _tools = tools;
        _pipeline = pipeline;
        _models = models;
        _conversations = conversations;
        _sessions = sessions;
        _queue = queue;
        _executor = executor;
        _timeProvider = timeProvider;
        _logger = logger;
        _router = new AgentRouter(agents, pipeline, models);
        _summaries = new ModelSummarizer(pipeline, logger);
    }

    /// <summary>Gets the agents as they are now.</summary>
    public AgentCatalog Agents => _source.Current;

    /// <summary>Handles one user message of a conversation run by an agent or team.</summary>
    /// <remarks>
    /// The run is traced as an <c>invoke_agent {agent}</c> span (model calls and tool executions are its children)
    /// and counted by outcome; see docs/observability.md.
    /// </remarks>
    /// <exception cref="ArgumentException">The conversation names no known agent.</exception>
    public async IAsyncEnumerable<AgentEvent> RunAsync(Conversation conversation, string message, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        using var telemetry = AgentRunTelemetry.Start(conversation.Agent ?? "unknown", conversation.Id, _timeProvider);
        await using var events = RunCoreAsync(conversation, message, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            // An iterator resumes in its caller's context, so the run's span is made current again for each step:
            // the model calls and tool executions of every step become its children.
            var previous = Activity.Current;
            if (telemetry.Activity is not null)
            {
                Activity.Current = telemetry.Activity;
            }

            bool has;
            try
            {
                has = await events.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                telemetry.Fail(exception);
                throw;
            }
            finally
            {
                if (telemetry.Activity is not null)
                {
                    Activity.Current = previous;
                }
            }

            if (!has)
            {
                yield break;
            }

            telemetry.Observe(events.Current);
            yield return events.Current;
        }
    }

    private async IAsyncEnumerable<AgentEvent> RunCoreAsync(Conversation conversation, string message, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var catalog = _source.Current;

        // The run's model calls are charged to it, whichever agents make them (see AgentCallContext).
        var runId = SortableId.New("run", _timeProvider);
        var entry = (conversation.Agent is { } name ? catalog.ResolveEntry(name) : null)
            ?? throw new ArgumentException($"The conversation names no known agent ('{conversation.Agent}').", nameof(conversation));
        // One message of a conversation at a time: a second one waits here, before it is stored.
        using var exclusive = await _locks.AcquireAsync(conversation.Id, cancellationToken).ConfigureAwait(false);

        // The same text again while the conversation's last message is that text, unanswered (or followed only by the
        // tool steps of a run that stopped), is a retry after a run that was refused or failed, as long as the bot owns
        // the conversation: it is answered without being stored twice, and the model goes on from the tool results
        // already stored. While a person owns it, a repeated message is a message like any other.
        var latest = await _conversations.GetHistoryAsync(conversation.Id, RetryWindow, cancellationToken).ConfigureAwait(false);
        ConversationMessage? user = null;
        AgentSession? session = null;
        if (UnansweredRetry.Find(latest, message, afterToolCalls: true) is { } unanswered)
        {
            session = await _sessions.GetAsync(conversation.Id, cancellationToken).ConfigureAwait(false);
            if (session is null or { Status: AgentSessionStatus.Active or AgentSessionStatus.Resolved })
            {
                user = unanswered;
            }
        }

        // Otherwise the user's message is stored before anything can fail, so it is never lost; and before the session
        // is read, so that an operator returning the conversation to the bot while it was being stored is seen: the bot
        // answers it, instead of staying silent for a person who has just left.
        if (user is null)
        {
            user = (await _conversations.AppendAsync(conversation.Id, [new NewMessage("user", message)], cancellationToken).ConfigureAwait(false))[0];
            session = null;
        }

        session ??= await _sessions.GetAsync(conversation.Id, cancellationToken).ConfigureAwait(false)
            ?? await _sessions.SaveAsync(conversation.Id, entry.Name, AgentSessionStatus.Active, 0, cancellationToken).ConfigureAwait(false);
        yield return new MessageStoredEvent(user);

        if (session.Status is AgentSessionStatus.Escalated or AgentSessionStatus.Human)
        {
            // A person owns the conversation: the bot stays silent.
            yield return new RunCompletedEvent(session.CurrentAgent, session.Status, null);
            yield break;
        }

        if (session.Status == AgentSessionStatus.Resolved || catalog.Find(session.CurrentAgent) is null)
        {
            session = await _sessions.SaveAsync(conversation.Id, entry.Name, AgentSessionStatus.Active, 0, cancellationToken).ConfigureAwait(false);
        }

        var agent = catalog.Find(session.CurrentAgent)!;
        var failedTurns = session.FailedTurns;
        if (_rules.CheckMessage(agent.Escalation, message) is { } escalation)
        {
            foreach (var e in await EscalateAsync(conversation.Id, agent, escalation, null, message).ConfigureAwait(false))
            {
                yield return e;
            }

            yield break;
        }

        if (entry.Router is not null)
        {
            var history = await _conversations.GetHistoryAsync(conversation.Id, entry.Context.MaxMessages, cancellationToken).ConfigureAwait(false);
            var specialist = agent.Name == entry.Name ? null : agent.Name;
            RouteDecision? decision;
            using (ModelCallContext.Push(AgentCallContext.For(entry.Name, runId, conversation.Id)))
            {
                decision = await _router.DecideAsync(entry, specialist, history.ToChatMessages(), message, cancellationToken).ConfigureAwait(false);
            }

            if (decision is not null && EscalationRules.CheckRoute(entry.Escalation, decision.Route) is { } routed)
            {
                foreach (var e in await EscalateAsync(conversation.Id, agent, routed, null, message).ConfigureAwait(false))
                {
                    yield return e;
                }

                yield break;
            }

            // A route that names no agent ('human' while escalation is disabled) cannot take the conversation.
            if (decision is not null && decision.Route != agent.Name && catalog.Find(decision.Route) is not null)
            {
                // Recorded and saved together before the event goes out: a client leaving at the event must not leave
                // a handoff on record with the session still on the old agent.
                await _sessions.RecordHandoffAsync(
                    new NewHandoff(conversation.Id, agent.Name, decision.Route, decision.Reason, decision.Method, decision.Confidence, decision.PromptTokens, decision.CompletionTokens),
                    CancellationToken.None).ConfigureAwait(false);
                var from = agent.Name;
                agent = catalog.Find(decision.Route)!;
                failedTurns = 0;
                await _sessions.SaveAsync(conversation.Id, agent.Name, AgentSessionStatus.Active, failedTurns, CancellationToken.None).ConfigureAwait(false);
                yield return new HandoffEvent(from, decision.Route, decision.Reason, decision.Method, decision.Confidence);
            }
        }

        await foreach (var e in LoopAsync(catalog, conversation.Id, runId, agent, failedTurns, message, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    private async IAsyncEnumerable<AgentEvent> LoopAsync(AgentCatalog catalog, string conversationId, string runId, AgentDefinition agent, int failedTurns, string message, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var history = (await _conversations.GetHistoryAsync(conversationId, agent.Context.MaxMessages + agent.Context.SummaryWindow, cancellationToken).ConfigureAwait(false)).ToList();
        var toolErrorTurns = 0;
        var today = DateOnly.FromDateTime(_timeProvider.GetLocalNow().DateTime);
        for (var turn = 1; turn <= agent.MaxTurns; turn++)
        {
            var model = ResolveModel(agent);
            var callContext = AgentCallContext.For(agent.Name, runId, conversationId);
            var tools = Toolset(catalog, agent);
            var options = new ChatOptions
            {
                ModelId = model.Name,
                Tools = tools.Count == 0 ? null : [.. tools.Values],
                Temperature = (float?)agent.Temperature,
                MaxOutputTokens = agent.MaxTokens,
                ResponseFormat = agent.OutputSchema is { } schema ? ChatResponseFormat.ForJsonSchema(schema, "output") : null,
            };

            // An LLM agent's own model keeps the running summary of what left the window; builtin's is extractive.
            string? runningSummary = null;
            var windowStart = ContextBuilder.WindowStart(agent, history);
            if (windowStart > 0 && model.Targets.Any(t => t.Provider.Kind != "builtin"))
            {
                using (ModelCallContext.Push(callContext))
                {
                    runningSummary = await _summaries.SummarizeAsync(conversationId, model, agent.Context.MaxSummaryChars, history.Take(windowStart).ToList(), cancellationToken).ConfigureAwait(false);
                }
            }

            var started = _timeProvider.GetTimestamp();
            var result = new ModelTurn();
            var messages = _context.Build(agent, conversationId, history, today, runningSummary);
            await foreach (var update in AgentCallContext.StreamAsync(_pipeline, messages, options, callContext, cancellationToken).ConfigureAwait(false))
            {
                if (result.Add(update) is { } text)
                {
                    yield return new TextDeltaEvent(agent.Name, text);
                }
            }

            var calls = result.Calls;
            var reply = (await _conversations.AppendAsync(
                conversationId,
                [
                    new NewMessage("assistant", result.Text)
                    {
                        ToolCalls = calls.Select(c => new ToolCallRecord(c.CallId, c.Name, ToolCallArguments.GetJson(c))).ToList(),
                        Model = result.ModelId ?? model.Name,
                        Provider = result.Provider ?? model.Targets[0].Provider.Name,
                        PromptTokens = result.Usage?.InputTokenCount,
                        CompletionTokens = result.Usage?.OutputTokenCount,
                        LatencyMs = (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds,
                        FinishReason = result.FinishReason,
                        Author = agent.Name,
                    },
                ],
                CancellationToken.None).ConfigureAwait(false))[0];
            history.Add(reply);
            yield return new MessageStoredEvent(reply);

            if (calls.Count == 0 && agent.OutputSchema is { } outputSchema
                && JsonSchemaValidator.ParseAndValidate(outputSchema, result.Text) is { IsValid: false } invalid)
            {
                // The answer stays stored; the model is told what is wrong and answers again, in a turn of its own.
                var correction = (await _conversations.AppendAsync(
                    conversationId,
                    [new NewMessage("system", $"Your answer must be only JSON that matches the output schema. Problems: {invalid.FormatErrors()}. Answer again.") { Author = "runtime" }],
                    CancellationToken.None).ConfigureAwait(false))[0];
                history.Add(correction);
                yield return new MessageStoredEvent(correction);
                continue;
            }

            if (calls.Count == 0)
            {
                var (declined, confidence) = result.Decision();
                failedTurns = EscalationRules.IsFailedTurn(agent.Escalation, declined, confidence) ? failedTurns + 1 : 0;
                await _sessions.SaveAsync(conversationId, agent.Name, AgentSessionStatus.Active, failedTurns, CancellationToken.None).ConfigureAwait(false);
                if (EscalationRules.CheckFailedTurns(agent.Escalation, failedTurns) is { } failed)
                {
                    foreach (var e in await EscalateAsync(conversationId, agent, failed, null, message).ConfigureAwait(false))
                    {
                        yield return e;
                    }

                    yield break;
                }

                yield return new RunCompletedEvent(agent.Name, AgentSessionStatus.Active, result.Text);
                yield break;
            }

            foreach (var call in calls)
            {
                yield return new ToolCallEvent(agent.Name, call.CallId, call.Name, ToolCallArguments.GetJson(call));
            }

            // The results are stored, and what they decide (a handover, a transfer) is done, before any event goes
            // out: a streamed run ends at its next yield when the client leaves, and the conversation must then say
            // what really happened. Calls the departure cut short are stored as cancelled, the others as they ended.
            var outcomes = await _executor.ExecuteAsync(agent, conversationId, reply.Id, calls, tools, cancellationToken).ConfigureAwait(false);
            var stored = await _conversations.AppendAsync(
                conversationId,
                outcomes.Select(o => new NewMessage("tool", o.Result) { ToolCallId = o.CallId }).ToList(),
                CancellationToken.None).ConfigureAwait(false);
            history.AddRange(stored);
            var events = new List<AgentEvent>(outcomes.Count + stored.Count + 3);
            foreach (var outcome in outcomes)
            {
                events.Add(new ToolResultEvent(agent.Name, outcome.CallId, outcome.Tool, outcome.Status, outcome.Result, outcome.DurationMs) { Cached = outcome.Cached });
            }

            foreach (var toolMessage in stored)
            {
                events.Add(new MessageStoredEvent(toolMessage));
            }

            if (outcomes.FirstOrDefault(o => o.Tool == HandoffToHumanTool && o.Status == Abstractions.Agents.ToolExecutionStatus.Ok) is { Arguments: { } human })
            {
                var decision = new EscalationDecision(
                    human.TryGetProperty("reason", out var r) && r.GetString() is { Length: > 0 } reason ? reason : "The agent handed over to a person.",
                    human.TryGetProperty("priority", out var p) && p.GetString() is { } priority && QueuePriority.All.Contains(priority) ? priority : agent.Escalation.Priority,
                    EscalationKinds.AgentRequest);
                var summary = human.TryGetProperty("summary", out var s) && s.GetString() is { Length: > 0 } text ? text : null;
                events.AddRange(await EscalateAsync(conversationId, agent, decision, summary, message).ConfigureAwait(false));
                foreach (var e in events)
                {
                    yield return e;
                }

                yield break;
            }

            if (outcomes.FirstOrDefault(o => o.Status == Abstractions.Agents.ToolExecutionStatus.Ok && tools[o.Tool] is TransferTool) is { } transfer)
            {
                var target = ((TransferTool)tools[transfer.Tool]).Target;
                var reason = transfer.Arguments?.TryGetProperty("reason", out var r) == true ? r.GetString() ?? string.Empty : string.Empty;
                await _sessions.RecordHandoffAsync(new NewHandoff(conversationId, agent.Name, target, reason, "tool", null, null, null), CancellationToken.None).ConfigureAwait(false);
                events.Add(new HandoffEvent(agent.Name, target, reason, "tool", null));
                agent = catalog.Find(target)!;
                failedTurns = 0;
                await _sessions.SaveAsync(conversationId, agent.Name, AgentSessionStatus.Active, failedTurns, CancellationToken.None).ConfigureAwait(false);
                foreach (var e in events)
                {
                    yield return e;
                }

                continue;
            }

            foreach (var e in events)
            {
                yield return e;
            }

            // A caller who went away ends the run here, with everything so far stored, rather than at the next model call.
            cancellationToken.ThrowIfCancellationRequested();

            toolErrorTurns = outcomes.All(o => o.Status != Abstractions.Agents.ToolExecutionStatus.Ok) ? toolErrorTurns + 1 : 0;
            if (toolErrorTurns >= agent.MaxConsecutiveToolErrors)
            {
                LogToolErrors(_logger, agent.Name, toolErrorTurns);
                var toolErrors = new RunErrorEvent("tool_errors", $"The agent '{agent.Name}' stopped after {toolErrorTurns} model turns in a row whose tool calls all failed. Everything so far is stored.");
                foreach (var e in await StopAsync(conversationId, agent, failedTurns + 1, toolErrors, message).ConfigureAwait(false))
                {
                    yield return e;
                }

                yield break;
            }
        }

        LogMaxTurns(_logger, agent.Name, agent.MaxTurns);
        var maxTurns = new RunErrorEvent("max_turns_exceeded", $"The agent '{agent.Name}' reached max_turns ({agent.MaxTurns}) without a final answer. Everything so far is stored.");
        foreach (var e in await StopAsync(conversationId, agent, failedTurns + 1, maxTurns, message).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <summary>Ends a run that has no final answer: it counts as a failed turn, so enough of them in a row escalate.</summary>
    private async Task<List<AgentEvent>> StopAsync(
        string conversationId,
        AgentDefinition agent,
        int failedTurns,
        RunErrorEvent error,
        string message)
    {
        await _sessions.SaveAsync(conversationId, agent.Name, AgentSessionStatus.Active, failedTurns, CancellationToken.None).ConfigureAwait(false);
        List<AgentEvent> events = [error];
        if (EscalationRules.CheckFailedTurns(agent.Escalation, failedTurns) is { } failed)
        {
            events.AddRange(await EscalateAsync(conversationId, agent, failed, null, message).ConfigureAwait(false));
        }
        else
        {
            events.Add(new RunCompletedEvent(agent.Name, AgentSessionStatus.Active, null));
        }

        return events;
    }

    /// <summary>
    /// Hands the conversation to a person and returns the events that say so. Every write happens before the caller
    /// yields any of them: a streamed run is disposed at its next yield when the client goes away, and an escalation
    /// half done (the session escalated, no queue item) would leave the customer without an answer.
    /// </summary>
    private async Task<List<AgentEvent>> EscalateAsync(
        string conversationId,
        AgentDefinition agent,
        EscalationDecision decision,
        string? summary,
        string message)
    {
        var today = DateOnly.FromDateTime(_timeProvider.GetLocalNow().DateTime);
        // Once the run has decided to escalate, the caller going away must not leave the customer without a queue item.
        var history = await _conversations.GetHistoryAsync(conversationId, 200, CancellationToken.None).ConfigureAwait(false);
        summary ??= _summarizer.Summarize(history, 1500, today);

        // The status first, then the queue item: once the item exists an operator may claim, return or resolve it at
        // once, and a status saved after that would overwrite theirs (a returned conversation left "escalated", with no
        // item waiting, would get no answer from anyone).
        var previous = await _sessions.GetAsync(conversationId, CancellationToken.None).ConfigureAwait(false);
        await _sessions.SaveAsync(conversationId, agent.Name, AgentSessionStatus.Escalated, 0, CancellationToken.None).ConfigureAwait(false);
        QueueItem item;
        try
        {
            item = await _queue.EnqueueAsync(
                new NewQueueItem(conversationId, agent.Name, decision.Reason, decision.Priority, agent.Escalation.Team, summary),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Without an item no person will answer: give the conversation back to the bot before failing the run.
            LogEnqueueFailed(_logger, exception, agent.Name);
            await _sessions.SaveAsync(conversationId, agent.Name, AgentSessionStatus.Active, previous?.FailedTurns ?? 0, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await _sessions.RecordHandoffAsync(new NewHandoff(conversationId, agent.Name, AgentCatalog.HumanRoute, decision.Reason, "escalation", null, null, null), CancellationToken.None).ConfigureAwait(false);
        var text = message.EnumerateRunes().Any(TextNormalizer.IsCjk) ? HandoverChinese : HandoverEnglish;
        var stored = (await _conversations.AppendAsync(conversationId, [new NewMessage("assistant", text) { Author = agent.Name, FinishReason = "handoff" }], CancellationToken.None).ConfigureAwait(false))[0];
        LogEscalated(_logger, agent.Name, item.Id, decision.Priority);
        AgentRunTelemetry.RecordEscalation(agent.Name, decision, item.Id, agent.Escalation.Team);
        return
        [
            new EscalationEvent(item.Id, agent.Name, decision.Reason, decision.Priority, agent.Escalation.Team),
            new MessageStoredEvent(stored),
            new RunCompletedEvent(agent.Name, AgentSessionStatus.Escalated, text),
        ];
    }

    /// <summary>The agent's model as the pipeline calls it: a route (fallback chain), or a model as a route of one.</summary>
    private RouteDefinition ResolveModel(AgentDefinition agent) =>
        _models.TryGetRoute(agent.Model, out var model, out var reason)
            ? model
            : throw new InvalidOperationException($"The agent '{agent.Name}' cannot use model '{agent.Model}': {reason}");

    private Dictionary<string, AgentTool> Toolset(AgentCatalog catalog, AgentDefinition agent)
    {
        var tools = new Dictionary<string, AgentTool>(StringComparer.Ordinal);
        foreach (var name in agent.Tools)
        {
            tools[name] = _tools.Get(name);
        }

        foreach (var target in agent.Handoffs)
        {
            if (target == AgentCatalog.HumanRoute)
            {
                // "handoffs: [human]" gives the agent the tool that hands over to a person.
                if (_tools.Contains(HandoffToHumanTool))
                {
                    tools[HandoffToHumanTool] = _tools.Get(HandoffToHumanTool);
                }

                continue;
            }

            var transfer = new TransferTool(catalog.Find(target)!);
            tools[transfer.Name] = transfer;
        }

        return tools;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} escalated to the handoff queue as {QueueItem} ({Priority})")]
    private static partial void LogEscalated(ILogger logger, string agent, string queueItem, string priority);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent} could not put the conversation in the handoff queue; it stays with the bot")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception, string agent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} reached max_turns ({MaxTurns})")]
    private static partial void LogMaxTurns(ILogger logger, string agent, int maxTurns);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} stopped after {Turns} turns of failed tool calls")]
    private static partial void LogToolErrors(ILogger logger, string agent, int turns);
}
