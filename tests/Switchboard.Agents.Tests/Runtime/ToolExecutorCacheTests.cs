using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Governance;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Runtime;
using Switchboard.Agents.Tests.Fakes;
using Switchboard.Agents.Tools;
using Switchboard.Gateway.Caching;

namespace Switchboard.Agents.Tests.Runtime;

/// <summary>The tool result cache as the executor uses it: with the real <see cref="ToolResultCache"/> on the harness's clock.</summary>
public sealed class ToolExecutorCacheTests
{
    private const string LookupSchema =
        """{"type":"object","properties":{"order_id":{"type":"string"},"lang":{"type":"string","default":"en"}},"required":["order_id"],"additionalProperties":false}""";

    private static readonly AgentDefinition Helper = new()
    {
        Name = "helper",
        Model = "test:helper",
        Instructions = "Help.",
        Tools = ["lookup_order"],
    };

    private ToolResultCache? _cache;

    [Fact]
    public async Task RunAsync_IdempotentToolCalledTwiceWithSameArguments_RunsOnceAndRecordsTheSecondAsCached()
    {
        var tool = Lookup();
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("c1", "lookup_order", """{"order_id":"A"}"""),
            ScriptedTurn.Call("c2", "lookup_order", """{"order_id":"A"}"""),
            ScriptedTurn.Answer("It shipped."));
        var harness = AgentRuntimeHarness.For(Helper, model, Cache(), tool);
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Where is A?");

        Assert.Equal(1, tool.Invocations);
        var results = events.OfType<ToolResultEvent>().ToList();
        Assert.Equal([("c1", false), ("c2", true)], results.Select(r => (r.CallId, r.Cached)));
        Assert.All(results, r => Assert.Equal((ToolExecutionStatus.Ok, """{"order":"A","status":"shipped"}"""), (r.Status, r.Result)));
        Assert.Equal(results[1].Result, model.Requests[2].ToolResults["c2"]);
        Assert.Equal(2, events.OfType<ToolCallEvent>().Count());
        Assert.Equal(["c1", "c2"], harness.Messages(conversation).Where(m => m.Role == "tool").Select(m => m.ToolCallId));

        var executions = await harness.Sessions.ListToolExecutionsAsync(conversation.Id, CancellationToken.None);
        Assert.Equal([("c1", false), ("c2", true)], executions.Select(e => (e.CallId, e.Cached)));
        Assert.All(executions, e => Assert.Equal((ToolExecutionStatus.Ok, results[0].Result), (e.Status, e.Result)));
    }

    [Fact]
    public async Task RunAsync_SameValidatedArgumentsInAnotherRun_AreAnsweredFromTheCache()
    {
        var tool = Lookup();
        var model = new ScriptedChatClient(Turns("""{"lang":"en","order_id":"A"}""", """{"order_id":"A"}"""));
        var harness = AgentRuntimeHarness.For(Helper, model, Cache(), tool);

        var first = await RunAsync(harness);
        var second = await RunAsync(harness);

        Assert.Equal(1, tool.Invocations);
        Assert.False(Assert.Single(first).Cached);
        var cached = Assert.Single(second);
        Assert.True(cached.Cached);

        // Key order and an omitted default do not matter; the record keeps the arguments as the model sent them.
        Assert.Equal("""{"order_id":"A"}""", cached.Arguments);
        Assert.Equal(Assert.Single(first).Result, cached.Result);
    }

    [Fact]
    public async Task RunAsync_DifferentArguments_RunTheToolForEach()
    {
        var tool = Lookup();
        var model = new ScriptedChatClient(Turns("""{"order_id":"A"}""", """{"order_id":"B"}""", """{"order_id":"A","lang":"zh"}"""));
        var harness = AgentRuntimeHarness.For(Helper, model, Cache(), tool);

        var executions = new List<ToolExecutionRecord>();
        for (var i = 0; i < 3; i++)
        {
            executions.AddRange(await RunAsync(harness));
        }

        Assert.Equal(3, tool.Invocations);
        Assert.All(executions, e => Assert.False(e.Cached));
        Assert.Equal(["""{"order":"A","status":"shipped"}""", """{"order":"B","status":"shipped"}""", """{"order":"A","status":"shipped"}"""], executions.Select(e => e.Result));
    }

    [Fact]
    public async Task RunAsync_ToolThatIsNotIdempotent_IsNeverLookedUpOrStored()
    {
        var tool = Lookup(idempotent: false);
        var model = new ScriptedChatClient(Turns("""{"order_id":"A"}""", """{"order_id":"A"}"""));
        var harness = AgentRuntimeHarness.For(Helper, model, Cache(), tool);

        var executions = (await RunAsync(harness)).Concat(await RunAsync(harness)).ToList();

        Assert.Equal(2, tool.Invocations);
        Assert.All(executions, e => Assert.False(e.Cached));
        Assert.Equal((0L, 0L), (_cache!.Hits, _cache.Misses));
        Assert.False(_cache.TryGet("lookup_order", """{"order_id":"A","lang":"en"}""", out _));
    }

    [Fact]
    public async Task RunAsync_IdempotentToolThatFails_IsNotCachedAndItsNextSuccessIs()
    {
        var invocations = 0;
        var tool = new TestTool(
            "lookup_order",
            (_, _) => Interlocked.Increment(ref invocations) == 1
                ? throw new ToolException("The order service is down.")
                : Task.FromResult<object?>(new { status = "shipped" }),
            LookupSchema)
        { DeclaredIdempotent = true };
        var model = new ScriptedChatClient(Turns("""{"order_id":"A"}""", """{"order_id":"A"}""", """{"order_id":"A"}"""));
        var harness = AgentRuntimeHarness.For(Helper, model, Cache(), tool);

        var executions = new List<ToolExecutionRecord>();
        for (var i = 0; i < 3; i++)
        {
            executions.AddRange(await RunAsync(harness));
        }

        Assert.Equal(2, tool.Invocations);
        Assert.Equal(
            [(ToolExecutionStatus.Error, false), (ToolExecutionStatus.Ok, false), (ToolExecutionStatus.Ok, true)],
            executions.Select(e => (e.Status, e.Cached)));
        Assert.Equal("""{"status":"shipped"}""", executions[2].Result);
    }

    [Fact]
    public async Task RunAsync_IdempotentToolThatTimesOut_IsNotCached()
    {
        var invocations = 0;
        var tool = new TestTool(
            "lookup_order",
            async (_, cancellationToken) =>
            {
                if (Interlocked.Increment(ref invocations) == 1)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                return new { status = "shipped" };
            },
            LookupSchema)
        { DeclaredIdempotent = true };
        var model = new ScriptedChatClient(Turns("""{"order_id":"A"}""", """{"order_id":"A"}"""));
        var harness = AgentRuntimeHarness.For(Helper with { ToolTimeout = TimeSpan.FromMilliseconds(200) }, model, Cache(), tool);

        var executions = (await RunAsync(harness)).Concat(await RunAsync(harness)).ToList();

        Assert.Equal(2, tool.Invocations);
        Assert.Equal([(ToolExecutionStatus.Timeout, false), (ToolExecutionStatus.Ok, false)], executions.Select(e => (e.Status, e.Cached)));
    }

    [Fact]
    public async Task RunAsync_TwoTenants_NeverShareResults()
    {
        var tool = Lookup();
        var model = new ScriptedChatClient(Turns("""{"order_id":"A"}""", """{"order_id":"A"}""", """{"order_id":"A"}"""));
        var harness = AgentRuntimeHarness.For(Helper, model, Cache(), tool);

        var acme = await RunAsTenantAsync(harness, "acme");
        var globex = await RunAsTenantAsync(harness, "globex");
        var acmeAgain = await RunAsTenantAsync(harness, "acme");

        Assert.Equal(2, tool.Invocations);
        Assert.Equal([false, false, true], new[] { acme, globex, acmeAgain }.Select(e => Assert.Single(e).Cached));
    }

    [Fact]
    public async Task RunAsync_AfterTheCachesTimeToLive_RunsTheToolAgain()
    {
        var tool = Lookup();
        var model = new ScriptedChatClient(Turns("""{"order_id":"A"}""", """{"order_id":"A"}""", """{"order_id":"A"}"""));
        var harness = AgentRuntimeHarness.For(Helper, model, Cache(TimeSpan.FromSeconds(60)), tool);

        var first = await RunAsync(harness);
        harness.Time.Advance(TimeSpan.FromSeconds(59));
        var withinTtl = await RunAsync(harness);
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var afterTtl = await RunAsync(harness);

        Assert.Equal(2, tool.Invocations);
        Assert.Equal([false, true, false], new[] { first, withinTtl, afterTtl }.Select(e => Assert.Single(e).Cached));
    }

    [Fact]
    public async Task RunAsync_ToolWithItsOwnTimeToLive_ExpiresByItRatherThanTheDefault()
    {
        var tool = Lookup(ttl: TimeSpan.FromSeconds(10));
        var model = new ScriptedChatClient(Turns("""{"order_id":"A"}""", """{"order_id":"A"}""", """{"order_id":"A"}"""));
        var harness = AgentRuntimeHarness.For(Helper, model, Cache(TimeSpan.FromMinutes(5)), tool);

        var first = await RunAsync(harness);
        harness.Time.Advance(TimeSpan.FromSeconds(9));
        var withinTtl = await RunAsync(harness);
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var afterTtl = await RunAsync(harness);

        Assert.Equal(2, tool.Invocations);
        Assert.Equal([false, true, false], new[] { first, withinTtl, afterTtl }.Select(e => Assert.Single(e).Cached));
    }

    [Fact]
    public async Task RunAsync_CacheThatFails_RunsTheToolAsIfItMissed()
    {
        var cache = new FailingToolResultCache();
        var tool = Lookup();
        var model = new ScriptedChatClient(Turns("""{"order_id":"A"}""", """{"order_id":"A"}"""));
        var harness = AgentRuntimeHarness.For(Helper, model, _ => cache, tool);

        var executions = (await RunAsync(harness)).Concat(await RunAsync(harness)).ToList();

        Assert.Equal(2, tool.Invocations);
        Assert.Equal((2, 2), (cache.Lookups, cache.Writes));
        Assert.All(executions, e => Assert.Equal((ToolExecutionStatus.Ok, false, """{"order":"A","status":"shipped"}"""), (e.Status, e.Cached, e.Result)));
    }

    [Fact]
    public async Task RunAsync_NoCache_RunsAnIdempotentToolEveryTime()
    {
        var tool = Lookup();
        var model = new ScriptedChatClient(Turns("""{"order_id":"A"}""", """{"order_id":"A"}"""));
        var harness = AgentRuntimeHarness.For(Helper, model, tool);

        var executions = (await RunAsync(harness)).Concat(await RunAsync(harness)).ToList();

        Assert.Equal(2, tool.Invocations);
        Assert.All(executions, e => Assert.False(e.Cached));
    }

    /// <summary>A lookup that answers with the order it was asked about.</summary>
    private static TestTool Lookup(bool idempotent = true, TimeSpan? ttl = null) =>
        new(
            "lookup_order",
            (invocation, _) => Task.FromResult<object?>(new { order = invocation.Arguments.GetProperty("order_id").GetString(), status = "shipped" }),
            LookupSchema)
        {
            DeclaredIdempotent = idempotent,
            DeclaredCacheTtl = ttl,
        };

    /// <summary>One run per argument text: a call of <c>lookup_order</c>, then an answer.</summary>
    private static ScriptedTurn[] Turns(params string[] arguments) =>
        [.. arguments.SelectMany((json, i) => new[] { ScriptedTurn.Call($"c{i + 1}", "lookup_order", json), ScriptedTurn.Answer("Done.") })];

    /// <summary>Runs one user message in a new conversation and returns its tool executions.</summary>
    private static async Task<IReadOnlyList<ToolExecutionRecord>> RunAsync(AgentRuntimeHarness harness)
    {
        var conversation = await harness.StartAsync("helper");
        var events = await harness.RunAsync(conversation, "Where is my order?");
        Assert.IsType<RunCompletedEvent>(events[^1]);
        return await harness.Sessions.ListToolExecutionsAsync(conversation.Id, CancellationToken.None);
    }

    private static async Task<IReadOnlyList<ToolExecutionRecord>> RunAsTenantAsync(AgentRuntimeHarness harness, string tenant)
    {
        using (ModelCallContext.Push(new ModelCallContext { TenantId = tenant }))
        {
            return await RunAsync(harness);
        }
    }

    /// <summary>Builds the real cache on the harness's clock and keeps it for assertions.</summary>
    private Func<TimeProvider, IToolResultCache> Cache(TimeSpan? ttl = null) =>
        time => _cache = new ToolResultCache(1024 * 1024, ttl ?? TimeSpan.FromMinutes(5), time);
}
