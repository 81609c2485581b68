using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Runtime;
using Switchboard.Agents.Tests.Fakes;
using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Tests.Runtime;

public sealed class AgentRuntimeToolLoopTests
{
    private static readonly AgentDefinition Helper = new()
    {
        Name = "helper",
        Model = "test:helper",
        Instructions = "You are {{agent_name}}; today is {{date}}; this is {{conversation_id}}.",
        Tools = ["lookup_order"],
    };

    [Fact]
    public async Task RunAsync_PlainAnswer_StoresUserThenAssistantAndStreamsTheText()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("We open at nine."));
        var harness = AgentRuntimeHarness.For(Helper with { Tools = [] }, model);
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "When do you open?");

        Assert.Equal(["message", "text.delta", "text.delta", "text.delta", "text.delta", "message", "done"], events.Select(e => e.Type));
        var stored = harness.Messages(conversation);
        Assert.Equal(2, stored.Count);
        Assert.Equal(("user", "When do you open?"), (stored[0].Role, stored[0].Content));
        Assert.Equal(stored[0], ((MessageStoredEvent)events[0]).Message);
        Assert.Equal("We open at nine.", string.Concat(events.OfType<TextDeltaEvent>().Select(e => e.Text)));
        Assert.All(events.OfType<TextDeltaEvent>(), e => Assert.Equal("helper", e.Agent));
        var reply = stored[1];
        Assert.Equal(reply, ((MessageStoredEvent)events[5]).Message);
        Assert.Equal(("assistant", "We open at nine.", "helper"), (reply.Role, reply.Content, reply.Author));
        Assert.Equal(("test:helper", "test", 10L, 5L, "stop"), (reply.Model, reply.Provider, reply.PromptTokens, reply.CompletionTokens, reply.FinishReason));
        Assert.Empty(reply.ToolCalls);
        Assert.Equal(new RunCompletedEvent("helper", AgentSessionStatus.Active, "We open at nine."), events[^1]);

        var request = Assert.Single(model.Requests);
        Assert.True(request.Streaming);
        Assert.Equal("test:helper", request.ModelId);
        Assert.Equal([$"You are helper; today is 2025-03-14; this is {conversation.Id}.", "When do you open?"], request.Messages.Select(m => m.Text));
        var session = await harness.SessionAsync(conversation);
        Assert.Equal(("helper", AgentSessionStatus.Active, 0), (session.CurrentAgent, session.Status, session.FailedTurns));
    }

    [Fact]
    public async Task RunAsync_ToolCall_SendsTheResultBackAndRecordsTheExecution()
    {
        var tool = new TestTool("lookup_order", async (invocation, cancellationToken) =>
        {
            await Task.Delay(50, cancellationToken);
            return new { order = invocation.Arguments.GetProperty("order_id").GetString(), status = "shipped" };
        });
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("c1", "lookup_order", """{"order_id":"ORD-1"}"""),
            ScriptedTurn.Answer("It shipped."));
        var harness = AgentRuntimeHarness.For(Helper, model, tool);
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Where is ORD-1?");

        Assert.Equal(["message", "message", "tool.call", "tool.result", "message", "text.delta", "text.delta", "message", "done"], events.Select(e => e.Type));
        Assert.Equal(new ToolCallEvent("helper", "c1", "lookup_order", """{"order_id":"ORD-1"}"""), events[2]);
        var result = Assert.IsType<ToolResultEvent>(events[3]);
        Assert.Equal(("c1", "lookup_order", ToolExecutionStatus.Ok, """{"order":"ORD-1","status":"shipped"}"""), (result.CallId, result.Tool, result.Status, result.Result));

        var stored = harness.Messages(conversation);
        Assert.Equal(["user", "assistant", "tool", "assistant"], stored.Select(m => m.Role));
        Assert.Equal(new ToolCallRecord("c1", "lookup_order", """{"order_id":"ORD-1"}"""), Assert.Single(stored[1].ToolCalls));
        Assert.Equal("tool_calls", stored[1].FinishReason);
        Assert.Equal(("c1", result.Result), (stored[2].ToolCallId, stored[2].Content));
        Assert.Equal("It shipped.", stored[3].Content);

        Assert.Equal(2, model.Requests.Count);
        Assert.Equal(["lookup_order"], model.Requests[0].Tools);
        Assert.Equal(result.Result, model.Requests[1].ToolResults["c1"]);
        Assert.Equal(1, tool.Invocations);

        var execution = Assert.Single(await harness.Sessions.ListToolExecutionsAsync(conversation.Id, CancellationToken.None));
        Assert.Equal(ToolExecutionStatus.Ok, execution.Status);
        Assert.Equal(("c1", "helper", "lookup_order"), (execution.CallId, execution.Agent, execution.Tool));
        Assert.Equal("""{"order_id":"ORD-1"}""", execution.Arguments);
        Assert.Equal(result.Result, execution.Result);
        Assert.Equal(stored[1].Id, execution.MessageId);
        Assert.InRange(execution.DurationMs, 40, 30_000);
        Assert.Equal(execution.DurationMs, result.DurationMs);
    }

    [Fact]
    public async Task RunAsync_ClientGoneWhileAToolRuns_TheNextMessageStillSendsEveryCallWithAResult()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tool = new TestTool("lookup_order", async (_, cancellationToken) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return null;
        });
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("c1", "lookup_order", """{"order_id":"ORD-1"}"""),
            ScriptedTurn.Answer("Sorry, I could not look that up. Shall I try again?"));
        var harness = AgentRuntimeHarness.For(Helper, model, tool);
        var conversation = await harness.StartAsync("helper");

        using (var clientGone = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            // The client goes away once the tool is running.
            _ = started.Task.ContinueWith(_ => clientGone.Cancel(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var e in harness.Runtime.RunAsync(conversation, "Where is ORD-1?", clientGone.Token))
                {
                }
            });
            Assert.True(started.Task.IsCompleted);
        }

        // The call is stored as cancelled: the model is told it may or may not have taken effect.
        Assert.Equal(["user", "assistant", "tool"], harness.Messages(conversation).Select(m => m.Role));

        var events = await harness.RunAsync(conversation, "Hello?");

        Assert.IsType<RunCompletedEvent>(events[^1]);
        var sent = model.Requests[1].Messages;
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.User], sent.Select(m => m.Role));
        Assert.Contains("interrupted before this call finished; it may or may not have taken effect", model.Requests[1].ToolResults["c1"]);
        Assert.Equal("Hello?", sent[^1].Text);
    }

    [Fact]
    public async Task RunAsync_ClientGoneWhileOneOfTwoToolsRuns_TheOneThatFinishedKeepsItsResult()
    {
        var slowStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fastDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancel = new TestTool("cancel_order", (_, _) =>
        {
            fastDone.TrySetResult();
            return Task.FromResult<object?>(new { cancelled = true });
        });
        var slow = new TestTool("lookup_order", async (_, cancellationToken) =>
        {
            slowStarted.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return null;
        });
        var model = new ScriptedChatClient(
            ScriptedTurn.Calling(("c1", "cancel_order", """{"order_id":"ORD-1"}"""), ("c2", "lookup_order", """{"order_id":"ORD-2"}""")),
            ScriptedTurn.Answer("ORD-1 is cancelled."));
        var harness = AgentRuntimeHarness.For(Helper with { Tools = ["cancel_order", "lookup_order"] }, model, cancel, slow);
        var conversation = await harness.StartAsync("helper");

        using (var clientGone = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            _ = Task.WhenAll(slowStarted.Task, fastDone.Task).ContinueWith(_ => clientGone.Cancel(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var e in harness.Runtime.RunAsync(conversation, "Cancel ORD-1 and find ORD-2", clientGone.Token))
                {
                }
            });
        }

        var results = harness.Messages(conversation).Where(m => m.Role == "tool").ToDictionary(m => m.ToolCallId!, m => m.Content);
        Assert.Equal("""{"cancelled":true}""", results["c1"]);
        Assert.Contains("may or may not have taken effect", results["c2"]);
    }

    [Fact]
    public async Task RunAsync_AToolThatCancelsItself_IsAToolErrorTheModelSees()
    {
        var tool = new TestTool("lookup_order", (_, _) => throw new OperationCanceledException("The tool's own deadline passed."));
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("c1", "lookup_order", """{"order_id":"ORD-1"}"""),
            ScriptedTurn.Answer("The lookup failed."));
        var harness = AgentRuntimeHarness.For(Helper, model, tool);
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Where is ORD-1?");

        Assert.Equal(ToolExecutionStatus.Error, Assert.Single(events.OfType<ToolResultEvent>()).Status);
        Assert.Equal("The lookup failed.", ((RunCompletedEvent)events[^1]).Reply);
        Assert.Equal(["user", "assistant", "tool", "assistant"], harness.Messages(conversation).Select(m => m.Role));
    }

    [Fact]
    public async Task RunAsync_MoreCallsThanMaxToolCalls_RunsTheFirstAndTellsTheModelAboutTheRest()
    {
        var tool = new TestTool("lookup_order", (_, _) => Task.FromResult<object?>(new { status = "shipped" }));
        var model = new ScriptedChatClient(
            ScriptedTurn.Calling(("c1", "lookup_order", """{"order_id":"A"}"""), ("c2", "lookup_order", """{"order_id":"B"}"""), ("c3", "lookup_order", """{"order_id":"C"}""")),
            ScriptedTurn.Answer("A and B shipped; I will look up C next."));
        var harness = AgentRuntimeHarness.For(Helper with { MaxToolCalls = 2 }, model, tool);
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Where are A, B and C?");

        Assert.Equal(2, tool.Invocations);
        var results = events.OfType<ToolResultEvent>().ToList();
        Assert.Equal([ToolExecutionStatus.Ok, ToolExecutionStatus.Ok, ToolExecutionStatus.Error], results.Select(r => r.Status));
        Assert.Contains("max_tool_calls", results[2].Result, StringComparison.Ordinal);
        Assert.Equal(["c1", "c2", "c3"], harness.Messages(conversation).Where(m => m.Role == "tool").Select(m => m.ToolCallId));
        Assert.IsType<RunCompletedEvent>(events[^1]);
    }

    [Fact]
    public async Task RunAsync_TwoToolCallsInOneTurn_RunConcurrently()
    {
        var tool = PeerWaitingTool(TimeSpan.FromSeconds(5));
        var model = new ScriptedChatClient(
            ScriptedTurn.Calling(("c1", "lookup_order", """{"order_id":"A"}"""), ("c2", "lookup_order", """{"order_id":"B"}""")),
            ScriptedTurn.Answer("Both found."));
        var harness = AgentRuntimeHarness.For(Helper, model, tool);
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Where are A and B?");

        var results = events.OfType<ToolResultEvent>().ToList();
        Assert.Equal(["c1", "c2"], results.Select(r => r.CallId));
        Assert.All(results, r => Assert.Equal((ToolExecutionStatus.Ok, """{"overlapped":true}"""), (r.Status, r.Result)));
        Assert.Equal(2, tool.MaxConcurrency);
        Assert.Equal(["c1", "c2"], harness.Messages(conversation).Where(m => m.Role == "tool").Select(m => m.ToolCallId));
    }

    [Fact]
    public async Task RunAsync_MaxParallelToolsOne_RunsTheCallsOneAtATime()
    {
        var tool = PeerWaitingTool(TimeSpan.FromMilliseconds(200));
        var model = new ScriptedChatClient(
            ScriptedTurn.Calling(("c1", "lookup_order", """{"order_id":"A"}"""), ("c2", "lookup_order", """{"order_id":"B"}""")),
            ScriptedTurn.Answer("Both found."));
        var harness = AgentRuntimeHarness.For(Helper with { MaxParallelTools = 1 }, model, tool);
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Where are A and B?");

        Assert.Equal(2, tool.Invocations);
        Assert.Equal(1, tool.MaxConcurrency);
        Assert.All(events.OfType<ToolResultEvent>(), r => Assert.Equal("""{"overlapped":false}""", r.Result));
        Assert.Equal("Both found.", ((RunCompletedEvent)events[^1]).Reply);
    }

    [Theory]
    [InlineData("{}", "order_id")]
    [InlineData("""{"order_id":5}""", "order_id")]
    [InlineData("""{"order_id":"A","colour":"red"}""", "colour")]
    public async Task RunAsync_InvalidArguments_AreRefusedWithoutRunningTheToolAndTheModelAnswers(string arguments, string field)
    {
        var tool = TestTool.Returning("lookup_order", "never");
        var model = new ScriptedChatClient(ScriptedTurn.Call("c1", "lookup_order", arguments), ScriptedTurn.Answer("Which order do you mean?"));
        var harness = AgentRuntimeHarness.For(Helper, model, tool);
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Where is my order?");

        var result = Assert.Single(events.OfType<ToolResultEvent>());
        Assert.Equal(ToolExecutionStatus.InvalidArguments, result.Status);
        Assert.Equal(0, tool.Invocations);
        var sent = JsonElement.Parse(model.Requests[1].ToolResults["c1"]);
        Assert.Equal("The arguments do not match the tool's schema; the tool did not run.", sent.GetProperty("error").GetString());
        Assert.Contains(sent.GetProperty("details").EnumerateArray(), d => d.GetString()!.Contains(field, StringComparison.Ordinal));
        Assert.Equal(new RunCompletedEvent("helper", AgentSessionStatus.Active, "Which order do you mean?"), events[^1]);
        Assert.Equal(ToolExecutionStatus.InvalidArguments, Assert.Single(await harness.Sessions.ListToolExecutionsAsync(conversation.Id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task RunAsync_ToolThatIgnoresCancellation_TimesOutAtTheAgentsToolTimeout()
    {
        var release = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tool = new TestTool("lookup_order", (_, _) => release.Task);
        var model = new ScriptedChatClient(ScriptedTurn.Call("c1", "lookup_order", """{"order_id":"A"}"""), ScriptedTurn.Answer("Sorry, that took too long."));
        var harness = AgentRuntimeHarness.For(Helper with { ToolTimeout = TimeSpan.FromMilliseconds(200) }, model, tool);
        var conversation = await harness.StartAsync("helper");
        var clock = Stopwatch.StartNew();
        try
        {
            var events = await harness.RunAsync(conversation, "Where is A?");

            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
            var result = Assert.Single(events.OfType<ToolResultEvent>());
            Assert.Equal(ToolExecutionStatus.Timeout, result.Status);
            Assert.Equal("""{"error":"The tool did not finish within 0.2 s."}""", result.Result);
            Assert.InRange(result.DurationMs, 150, 10_000);
            Assert.Equal(result.Result, model.Requests[1].ToolResults["c1"]);
            Assert.Equal("Sorry, that took too long.", ((RunCompletedEvent)events[^1]).Reply);
        }
        finally
        {
            release.SetResult("too late");
        }
    }

    [Fact]
    public async Task RunAsync_UnknownToolName_ReportsUnknownToolAndListsTheTools()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Call("c1", "teleport", "{}"), ScriptedTurn.Answer("I cannot do that."));
        var harness = AgentRuntimeHarness.For(Helper, model, TestTool.Returning("lookup_order", "x"));
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Teleport me");

        var result = Assert.Single(events.OfType<ToolResultEvent>());
        Assert.Equal(ToolExecutionStatus.UnknownTool, result.Status);
        Assert.Equal("There is no tool 'teleport'. The tools are: lookup_order.", JsonElement.Parse(result.Result).GetProperty("error").GetString());
        Assert.Equal(ToolExecutionStatus.UnknownTool, Assert.Single(await harness.Sessions.ListToolExecutionsAsync(conversation.Id, CancellationToken.None)).Status);
        Assert.Equal("I cannot do that.", ((RunCompletedEvent)events[^1]).Reply);
    }

    [Fact]
    public async Task RunAsync_ModelThatNeverStops_EndsAtMaxTurnsWithEverythingStored()
    {
        var calls = 0;
        var model = new ScriptedChatClient { Fallback = _ => ScriptedTurn.Call($"c{Interlocked.Increment(ref calls)}", "lookup_order", """{"order_id":"A"}""") };
        var harness = AgentRuntimeHarness.For(Helper with { MaxTurns = 3 }, model, TestTool.Returning("lookup_order", new { status = "shipped" }));
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Where is A?");

        Assert.Equal(3, model.Requests.Count);
        var error = Assert.Single(events.OfType<RunErrorEvent>());
        Assert.Equal("max_turns_exceeded", error.Code);
        Assert.Equal(new RunCompletedEvent("helper", AgentSessionStatus.Active, null), events[^1]);
        var stored = harness.Messages(conversation);
        Assert.Equal(["user", "assistant", "tool", "assistant", "tool", "assistant", "tool"], stored.Select(m => m.Role));
        Assert.Equal(["c1", "c2", "c3"], stored.Where(m => m.Role == "tool").Select(m => m.ToolCallId));
        Assert.Equal(3, (await harness.Sessions.ListToolExecutionsAsync(conversation.Id, CancellationToken.None)).Count);
        Assert.Equal(1, (await harness.SessionAsync(conversation)).FailedTurns);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task RunAsync_ToolThatAlwaysFails_StopsAfterMaxConsecutiveToolErrors(int maxErrors)
    {
        var calls = 0;
        var tool = new TestTool("lookup_order", (_, _) => throw new ToolException("The order service is down."));
        var model = new ScriptedChatClient { Fallback = _ => ScriptedTurn.Call($"c{Interlocked.Increment(ref calls)}", "lookup_order", """{"order_id":"A"}""") };
        var harness = AgentRuntimeHarness.For(Helper with { MaxConsecutiveToolErrors = maxErrors }, model, tool);
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Where is A?");

        Assert.Equal(maxErrors, model.Requests.Count);
        Assert.Equal(maxErrors, tool.Invocations);
        Assert.All(events.OfType<ToolResultEvent>(), r => Assert.Equal((ToolExecutionStatus.Error, """{"error":"The order service is down."}"""), (r.Status, r.Result)));
        Assert.Equal("tool_errors", Assert.Single(events.OfType<RunErrorEvent>()).Code);
        Assert.Equal(new RunCompletedEvent("helper", AgentSessionStatus.Active, null), events[^1]);
        Assert.Equal(maxErrors, harness.Messages(conversation).Count(m => m.Role == "tool"));
    }

    [Theory]
    [InlineData("tool_errors")]
    [InlineData("max_turns_exceeded")]
    public async Task RunAsync_RunsThatStopWithoutAnAnswer_CountAsFailedTurnsAndEscalate(string code)
    {
        var calls = 0;
        var tool = code == "tool_errors"
            ? new TestTool("lookup_order", (_, _) => throw new ToolException("down"))
            : TestTool.Returning("lookup_order", "still looking");
        var model = new ScriptedChatClient { Fallback = _ => ScriptedTurn.Call($"c{Interlocked.Increment(ref calls)}", "lookup_order", """{"order_id":"A"}""") };
        var harness = AgentRuntimeHarness.For(Helper with { MaxTurns = 1, MaxConsecutiveToolErrors = 1 }, model, tool);
        var conversation = await harness.StartAsync("helper");

        var first = await harness.RunAsync(conversation, "Where is A?");

        Assert.Equal(code, Assert.Single(first.OfType<RunErrorEvent>()).Code);
        Assert.Equal(new RunCompletedEvent("helper", AgentSessionStatus.Active, null), first[^1]);
        Assert.Equal(1, (await harness.SessionAsync(conversation)).FailedTurns);
        Assert.Empty(harness.Queue.Items);

        var second = await harness.RunAsync(conversation, "Hello? Where is A?");

        Assert.Equal(code, Assert.Single(second.OfType<RunErrorEvent>()).Code);
        Assert.Equal(["error", "escalation", "message", "done"], second.Select(e => e.Type).TakeLast(4));
        Assert.Equal("The bot could not answer 2 turns in a row.", Assert.Single(harness.Queue.Items).Reason);
        Assert.Equal(AgentSessionStatus.Escalated, (await harness.SessionAsync(conversation)).Status);
        Assert.Equal(2, model.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_ASuccessfulToolTurn_ResetsTheToolErrorCount()
    {
        var broken = new TestTool("broken", (_, _) => throw new ToolException("down"));
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("c1", "broken", """{"order_id":"A"}"""),
            ScriptedTurn.Call("c2", "broken", """{"order_id":"A"}"""),
            ScriptedTurn.Call("c3", "lookup_order", """{"order_id":"A"}"""),
            ScriptedTurn.Call("c4", "broken", """{"order_id":"A"}"""),
            ScriptedTurn.Call("c5", "broken", """{"order_id":"A"}"""),
            ScriptedTurn.Answer("Found it."));
        var harness = AgentRuntimeHarness.For(Helper with { Tools = ["lookup_order", "broken"] }, model, TestTool.Returning("lookup_order", "ok"), broken);
        var conversation = await harness.StartAsync("helper");

        var events = await harness.RunAsync(conversation, "Where is A?");

        Assert.Empty(events.OfType<RunErrorEvent>());
        Assert.Equal("Found it.", ((RunCompletedEvent)events[^1]).Reply);
    }

    [Fact]
    public async Task RunAsync_AgentWithInstructionsAndHistory_SendsTheWholeConversationOnTheNextMessage()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Answer("Hello."), ScriptedTurn.Answer("You said hi."));
        var harness = AgentRuntimeHarness.For(Helper with { Tools = [] }, model);
        var conversation = await harness.StartAsync("helper");

        await harness.RunAsync(conversation, "hi");
        await harness.RunAsync(conversation, "what did I say?");

        Assert.Equal(["hi", "Hello.", "what did I say?"], model.Requests[1].Messages.Skip(1).Select(m => m.Text));
    }

    /// <summary>A tool that waits, up to <paramref name="wait"/>, for a second execution to be running at the same time.</summary>
    private static TestTool PeerWaitingTool(TimeSpan wait)
    {
        var running = 0;
        var bothRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new TestTool("lookup_order", async (_, cancellationToken) =>
        {
            if (Interlocked.Increment(ref running) == 2)
            {
                bothRunning.TrySetResult();
            }

            try
            {
                await bothRunning.Task.WaitAsync(wait, cancellationToken);
                return new { overlapped = true };
            }
            catch (TimeoutException)
            {
                return new { overlapped = false };
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        });
    }
}
