using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Agents.Tools;
using Switchboard.Server.Hosting;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

/// <summary>
/// The tool loop driven by a fake LLM through HTTP, with an agent loaded from an agent file: parallel tool calls,
/// invalid arguments, a tool timeout and max_turns.
/// </summary>
public sealed class AgentLoopTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "switchboard-tests", "agents-" + Guid.NewGuid().ToString("N"));

    public AgentLoopTests()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "lab.yaml"), """
            name: lab
            description: A test agent.
            model: mock:gpt-4o-mini
            instructions: You are a lab agent.
            tools: [get_order_status, probe, stall]
            max_turns: 3
            max_parallel_tools: 4
            """);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ParallelToolCalls_FromOneTurn_RunConcurrently()
    {
        var probe = new ProbeTool { Expected = 3 };
        var llm = new ScriptedLlm(request => ScriptedLlm.Last(request).GetProperty("role").GetString() == "tool"
            ? LlmTurn.Say("all probes done")
            : LlmTurn.CallMany(("probe", """{"n":1}"""), ("probe", """{"n":2}"""), ("probe", """{"n":3}""")));
        await using var desk = await StartAsync(llm, probe);
        var conversation = await desk.StartConversationAsync("lab");

        var exchange = await desk.SendAsync(conversation, "run the probes");

        Assert.Equal(3, probe.MaxConcurrent); // all three were running at the same time
        Assert.Equal(3, SupportDesk.Events(exchange, "tool.result").Count(r => r.GetProperty("status").GetString() == "ok"));
        Assert.Equal("all probes done", SupportDesk.Reply(exchange));
        var trace = await desk.GetAsync($"/api/v1/conversations/{conversation}/trace");
        Assert.Equal(3, trace.GetProperty("tool_executions").GetArrayLength());
    }

    [Fact]
    public async Task InvalidToolArguments_AreRejectedBeforeExecution_AndTheModelRecovers()
    {
        var llm = new ScriptedLlm(request =>
        {
            var last = ScriptedLlm.Last(request);
            if (last.GetProperty("role").GetString() != "tool")
            {
                return LlmTurn.Call("get_order_status", """{"order":1001}""");
            }

            var result = last.GetProperty("content").GetString()!;
            return result.Contains("did not run", StringComparison.Ordinal)
                ? LlmTurn.Call("get_order_status", """{"order_id":"ORD-1002"}""")
                : LlmTurn.Say("fixed: " + JsonDocument.Parse(result).RootElement.GetProperty("status").GetString());
        });
        await using var desk = await StartAsync(llm);
        var conversation = await desk.StartConversationAsync("lab");

        var exchange = await desk.SendAsync(conversation, "status of 1002 please");

        var results = SupportDesk.Events(exchange, "tool.result").ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal("invalid_arguments", results[0].GetProperty("status").GetString());
        var error = results[0].GetProperty("result").GetString()!;
        Assert.Contains("order_id", error);
        Assert.Equal("ok", results[1].GetProperty("status").GetString());
        Assert.Equal("fixed: processing", SupportDesk.Reply(exchange));
    }

    [Fact]
    public async Task ToolTimeout_BecomesAResultTheModelReads()
    {
        var llm = new ScriptedLlm(request => ScriptedLlm.Last(request).GetProperty("role").GetString() == "tool"
            ? LlmTurn.Say("the tool timed out: " + ScriptedLlm.Last(request).GetProperty("content").GetString())
            : LlmTurn.Call("stall", "{}"));
        await using var desk = await StartAsync(llm);
        var conversation = await desk.StartConversationAsync("lab");
        var started = System.Diagnostics.Stopwatch.StartNew();

        var exchange = await desk.SendAsync(conversation, "stall please");

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), "the timeout ended the hung tool");
        var result = Assert.Single(SupportDesk.Events(exchange, "tool.result"));
        Assert.Equal("timeout", result.GetProperty("status").GetString());
        Assert.Contains("did not finish within 0.3 s", SupportDesk.Reply(exchange));
    }

    [Fact]
    public async Task MaxTurns_StopsWithAClearError_AndKeepsEverythingStored()
    {
        var llm = new ScriptedLlm(_ => LlmTurn.Call("get_order_status", """{"order_id":"ORD-1001"}"""));
        await using var desk = await StartAsync(llm);
        var conversation = await desk.StartConversationAsync("lab");

        var problem = await desk.SendAsync(conversation, "loop forever", HttpStatusCode.UnprocessableEntity);

        Assert.Equal("max_turns_exceeded", problem.GetProperty("code").GetString());
        Assert.Contains("max_turns (3)", problem.GetProperty("detail").GetString());
        Assert.Equal(3, llm.Calls);
        var messages = await desk.GetAsync($"/api/v1/conversations/{conversation}/messages?limit=100");
        var roles = messages.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToList();
        Assert.Equal(["user", "assistant", "tool", "assistant", "tool", "assistant", "tool"], roles);
        Assert.Equal(7, problem.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task LongConversation_KeepsARunningSummaryWrittenByTheAgentsModel()
    {
        File.WriteAllText(Path.Combine(_directory, "brief.yaml"), """
            name: brief
            model: mock:gpt-4o-mini
            instructions: Be brief.
            context:
              max_messages: 2
            """);
        var summaries = new List<string>();
        var chats = new List<JsonElement>();
        var llm = new ScriptedLlm(request =>
        {
            var messages = request.GetProperty("messages");
            if (messages[0].GetProperty("content").GetString()!.StartsWith("You maintain a running summary", StringComparison.Ordinal))
            {
                var prompt = messages[1].GetProperty("content").GetString()!;
                summaries.Add(prompt);
                return LlmTurn.Say($"SUMMARY#{summaries.Count}: the customer asked about ORD-1001.");
            }

            chats.Add(request);
            return LlmTurn.Say("noted");
        });
        await using var desk = await StartAsync(llm);
        var conversation = await desk.StartConversationAsync("brief");

        await desk.SendAsync(conversation, "My order is ORD-1001.");
        await desk.SendAsync(conversation, "It has not arrived.");
        await desk.SendAsync(conversation, "What now?");

        // Turn 1 fits; turn 2 summarises the first exchange; turn 3 folds in only what left the window since.
        Assert.Equal(2, summaries.Count);
        Assert.Contains("Summary so far:\n(none)", summaries[0]);
        Assert.Contains("user: My order is ORD-1001.", summaries[0]);
        Assert.Contains("Summary so far:\nSUMMARY#1", summaries[1]);
        Assert.DoesNotContain("My order is ORD-1001.", summaries[1]);
        Assert.Contains("user: It has not arrived.", summaries[1]);
        var last = chats[^1].GetProperty("messages");
        Assert.Equal("Be brief.", last[0].GetProperty("content").GetString());
        Assert.Equal("Summary of the earlier conversation:\nSUMMARY#2: the customer asked about ORD-1001.", last[1].GetProperty("content").GetString());
        Assert.Equal(4, last.GetArrayLength()); // instructions, summary, the last two messages
    }

    [Fact]
    public async Task OutputSchema_AnAnswerThatDoesNotMatch_IsSentBackWithTheProblems()
    {
        File.WriteAllText(Path.Combine(_directory, "structured.yaml"), """
            name: structured
            model: mock:gpt-4o-mini
            output_schema:
              type: object
              properties:
                order_id: { type: string }
                eta_days: { type: integer, minimum: 0 }
              required: [order_id, eta_days]
            """);
        var llm = new ScriptedLlm(request =>
        {
            Assert.Equal("json_schema", request.GetProperty("response_format").GetProperty("type").GetString());
            return ScriptedLlm.Last(request).GetProperty("role").GetString() == "system"
                ? LlmTurn.Say("""{"order_id":"ORD-1001","eta_days":2}""")
                : LlmTurn.Say("It arrives in two days.");
        });
        await using var desk = await StartAsync(llm);
        var conversation = await desk.StartConversationAsync("structured");

        var exchange = await desk.SendAsync(conversation, "When does ORD-1001 arrive?");

        Assert.Equal("""{"order_id":"ORD-1001","eta_days":2}""", SupportDesk.Reply(exchange));
        var stored = exchange.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "system", "assistant"], stored.Select(m => m.GetProperty("role").GetString()));
        Assert.Contains("not valid JSON", stored[2].GetProperty("content").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AnInvalidAgentFile_StopsStartUp_NamingTheFileAndField()
    {
        File.WriteAllText(Path.Combine(_directory, "broken.yaml"), "name: broken\nmodel: mock:gpt-4o-mini\nmax_turns: 0\ntoolz: [x]\n");
        var error = Assert.Throws<ConfigurationValidationException>(() => SwitchboardApplication.Build(
        [
            "--Switchboard:Agents:Directory=" + _directory,
            "--Switchboard:Storage:DatabasePath=" + Path.Combine(_directory, "x.db"),
        ]));
        var message = string.Join("\n", error.Errors);
        Assert.Contains("broken.yaml:3: max_turns: must be a whole number from 1 to 100", message);
        Assert.Contains("broken.yaml:4: toolz: unknown field", message);
    }

    private Task<SupportDesk> StartAsync(ScriptedLlm llm, ProbeTool? probe = null) => SupportDesk.StartAsync(
        "builtin",
        llm,
        new Dictionary<string, string?> { ["Switchboard:Agents:Directory"] = _directory },
        services =>
        {
            services.AddSingleton<AgentTool>(probe ?? new ProbeTool());
            services.AddSingleton<AgentTool>(new StallTool());
        });
}
