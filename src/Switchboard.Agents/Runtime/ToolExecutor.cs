using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Chat;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Telemetry;
using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Runtime;

/// <summary>
/// Executes the tool calls of one model turn: in parallel up to the agent's cap, each checked against its schema
/// before it runs and bounded by its timeout. Failures become results the model can read; every execution is recorded.
/// </summary>
/// <remarks>
/// With a tool result cache, a call of a tool that declares itself <see cref="AgentTool.Idempotent"/> is looked up by
/// the tool's name and its validated arguments first: a hit is the result, the tool does not run, and the execution is
/// recorded as <see cref="ToolOutcome.Cached"/>. After a miss only a successful result is stored, for the tool's
/// <see cref="AgentTool.CacheTtl"/> (or the cache's default); errors and timeouts are never cached. A cache that fails
/// counts as a miss: it saves tool runs, it never fails them.
/// </remarks>
public sealed partial class ToolExecutor
{
    private static readonly JsonSerializerOptions ResultJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly IAgentSessionStore _sessions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IToolResultCache? _cache;

    /// <summary>Initializes a new instance of the <see cref="ToolExecutor"/> class.</summary>
    /// <param name="sessions">Where executions are recorded.</param>
    /// <param name="timeProvider">The clock for durations and timeouts.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cache">The results of idempotent tools; null to run every call.</param>
    public ToolExecutor(IAgentSessionStore sessions, TimeProvider timeProvider, ILogger<ToolExecutor> logger, IToolResultCache? cache = null)
    {
        _sessions = sessions;
        _timeProvider = timeProvider;
        _logger = logger;
        _cache = cache;
    }

    /// <summary>
    /// Executes the calls; the outcomes are in call order. When <paramref name="cancellationToken"/> is cancelled (the
    /// caller went away), the calls that finished keep their outcomes and the others get
    /// <see cref="ToolExecutionStatus.Cancelled"/> ones, so that the run can store what really happened before it stops.
    /// </summary>
    public async Task<IReadOnlyList<ToolOutcome>> ExecuteAsync(
        AgentDefinition agent,
        string conversationId,
        string? messageId,
        IReadOnlyList<FunctionCallContent> calls,
        IReadOnlyDictionary<string, AgentTool> tools,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(calls);
        using var gate = new SemaphoreSlim(agent.MaxParallelTools);
        var tasks = calls.Select(async (call, index) =>
        {
            try
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return await RecordAsync(new ToolOutcome(call.CallId, call.Name, ToolExecutionStatus.Cancelled, NotStarted, 0, null)).ConfigureAwait(false);
            }

            try
            {
                ToolOutcome outcome;
                try
                {
                    outcome = index < agent.MaxToolCalls
                        ? await ExecuteTracedAsync(agent, conversationId, call, tools, cancellationToken).ConfigureAwait(false)
                        : new ToolOutcome(call.CallId, call.Name, ToolExecutionStatus.Error,
                            Error($"Not run: this answer asked for {calls.Count} tool calls and at most {agent.MaxToolCalls} run per answer (max_tool_calls). Ask for fewer at a time."),
                            0, null);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    outcome = new ToolOutcome(call.CallId, call.Name, ToolExecutionStatus.Cancelled, Interrupted, 0, null);
                }

                return await RecordAsync(outcome).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }

            async Task<ToolOutcome> RecordAsync(ToolOutcome outcome)
            {
                await _sessions.RecordToolExecutionAsync(
                    new NewToolExecution(conversationId, messageId, call.CallId, agent.Name, call.Name, ToolCallArguments.GetJson(call), outcome.Result, outcome.Status, outcome.DurationMs)
                    {
                        Cached = outcome.Cached,
                    },
                    CancellationToken.None).ConfigureAwait(false);
                return outcome;
            }
        }).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Executes one call inside its <c>execute_tool</c> span and records the tool metrics.</summary>
    private async Task<ToolOutcome> ExecuteTracedAsync(
        AgentDefinition agent,
        string conversationId,
        FunctionCallContent call,
        IReadOnlyDictionary<string, AgentTool> tools,
        CancellationToken cancellationToken)
    {
        var known = tools.ContainsKey(call.Name);
        using var span = ToolTelemetry.Start(call, known);
        var started = _timeProvider.GetTimestamp();
        try
        {
            var outcome = await ExecuteOneAsync(agent, conversationId, call, tools, cancellationToken).ConfigureAwait(false);
            ToolTelemetry.Record(span, outcome.Tool, outcome.Status, _timeProvider.GetElapsedTime(started), outcome.Cached);
            return outcome;
        }
        catch (Exception exception)
        {
            ToolTelemetry.Record(span, known ? call.Name : ToolTelemetry.UnknownTool, exception is OperationCanceledException ? "cancelled" : ToolExecutionStatus.Error, _timeProvider.GetElapsedTime(started));
            throw;
        }
    }

    private async Task<ToolOutcome> ExecuteOneAsync(
        AgentDefinition agent,
        string conversationId,
        FunctionCallContent call,
        IReadOnlyDictionary<string, AgentTool> tools,
        CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        long Elapsed() => (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds;

        if (!tools.TryGetValue(call.Name, out var tool))
        {
            return new ToolOutcome(call.CallId, call.Name, ToolExecutionStatus.UnknownTool,
                Error($"There is no tool '{call.Name}'. The tools are: {string.Join(", ", tools.Keys)}."), Elapsed(), null);
        }

        var check = JsonSchemaValidator.ParseAndValidate(tool.JsonSchema, ToolCallArguments.GetJson(call));
        if (!check.IsValid)
        {
            return new ToolOutcome(call.CallId, call.Name, ToolExecutionStatus.InvalidArguments,
                JsonSerializer.Serialize(new { error = "The arguments do not match the tool's schema; the tool did not run.", details = check.Errors.Select(e => e.ToString()).ToList() }, ResultJson),
                Elapsed(), null);
        }

        var cacheable = _cache is not null && tool.Idempotent;
        var cacheArguments = cacheable ? check.Arguments.GetRawText() : string.Empty;
        if (cacheable && await LookUpAsync(tool, cacheArguments, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return new ToolOutcome(call.CallId, call.Name, ToolExecutionStatus.Ok, cached, Elapsed(), check.Arguments) { Cached = true };
        }

        var timeout = tool.Timeout ?? agent.ToolTimeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var invocation = new ToolInvocation(conversationId, agent.Name, call.CallId, check.Arguments);
            var result = Serialize(await tool.InvokeAsync(invocation, limit.Token).AsTask().WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false));
            if (cacheable)
            {
                await StoreAsync(tool, cacheArguments, result).ConfigureAwait(false);
            }

            return new ToolOutcome(call.CallId, call.Name, ToolExecutionStatus.Ok, result, Elapsed(), check.Arguments);
        }
        catch (Exception exception) when (exception is TimeoutException || (exception is OperationCanceledException && limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            LogTimeout(_logger, call.Name, timeout.TotalMilliseconds);
            return new ToolOutcome(call.CallId, call.Name, ToolExecutionStatus.Timeout,
                Error($"The tool did not finish within {timeout.TotalSeconds:0.###} s."), Elapsed(), check.Arguments);
        }
        catch (ToolException exception)
        {
            return new ToolOutcome(call.CallId, call.Name, ToolExecutionStatus.Error, Error(exception.Message), Elapsed(), check.Arguments);
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // A cancellation the tool raised itself (its own time limit, say), not the caller's, is the tool failing.
            LogFailure(_logger, exception, call.Name);
            return new ToolOutcome(call.CallId, call.Name, ToolExecutionStatus.Error,
                Error("The tool failed unexpectedly; try something else or hand over to a person."), Elapsed(), check.Arguments);
        }
    }

    /// <summary>Returns the cached result of an idempotent tool's call, or null on a miss (or when the cache fails).</summary>
    private async Task<string?> LookUpAsync(AgentTool tool, string argumentsJson, CancellationToken cancellationToken)
    {
        string? result;
        try
        {
            result = await _cache!.GetAsync(tool.Name, argumentsJson, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCacheFailure(_logger, exception, tool.Name);
            result = null;
        }

        ToolTelemetry.RecordCacheLookup(tool.Name, result is not null);
        return result;
    }

    /// <summary>Stores a successful result of an idempotent tool; a cache that fails is logged and otherwise ignored.</summary>
    private async Task StoreAsync(AgentTool tool, string argumentsJson, string result)
    {
        try
        {
            var ttl = tool.CacheTtl is { } own && own > TimeSpan.Zero ? own : (TimeSpan?)null;

            // The result is already the model's; storing it must not be cut short by the caller going away.
            await _cache!.SetAsync(tool.Name, argumentsJson, result, ttl, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogCacheFailure(_logger, exception, tool.Name);
        }
    }

    private static string Serialize(object? result) => result switch
    {
        null => "null",
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, result.GetType(), ResultJson),
    };

    private static string Error(string message) => JsonSerializer.Serialize(new { error = message }, ResultJson);

    private static readonly string Interrupted = Error("The run was interrupted before this call finished; it may or may not have taken effect. Check before doing it again.");

    private static readonly string NotStarted = Error("The run was interrupted before this call started; it did not run.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool {Tool} timed out after {TimeoutMs} ms")]
    private static partial void LogTimeout(ILogger logger, string tool, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool {Tool} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string tool);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The tool result cache failed for tool {Tool}; the call runs as a miss")]
    private static partial void LogCacheFailure(ILogger logger, Exception exception, string tool);
}
