using Switchboard.Agents.Definitions;

namespace Switchboard.Agents.Tests.Definitions;

public sealed class AgentFileLoaderTests
{
    [Fact]
    public void Parse_AgentFileWithEveryField_ReadsEachField()
    {
        var team = AgentFileLoader.Parse(
            """
            name: billing
            description: Answers billing questions.
            instructions: |
              You help with {{topic}}.
            variables:
              topic: invoices
            model: openai:gpt-4o-mini
            tools: [lookup_order, kb_search]
            handoffs: [faq, human]
            examples:
              - where is my invoice
              - I was charged twice
            max_turns: 6
            temperature: 0.3
            max_tokens: 512
            max_parallel_tools: 2
            max_tool_calls: 5
            tool_timeout_seconds: 2.5
            max_consecutive_tool_errors: 4
            escalation:
              enabled: true
              min_confidence: 0.4
              negative_sentiment: -0.7
              on_human_request: false
              intents: [human, complaint]
              max_failed_turns: 3
              team: billing
              priority: high
            context:
              max_messages: 8
              summary_window: 50
              max_summary_chars: 400
            output_schema:
              type: object
              properties:
                answer: {type: string}
              required: [answer]
            """,
            "billing.yaml");

        Assert.Equal("billing", team.Name);
        Assert.Equal("billing", team.Entry);
        Assert.Equal("billing.yaml", team.Source);
        var agent = Assert.Single(team.Agents);
        Assert.Equal("billing", agent.Name);
        Assert.Equal("Answers billing questions.", agent.Description);
        Assert.Equal("You help with {{topic}}.\n", agent.Instructions);
        Assert.Equal("invoices", agent.Variables["topic"]);
        Assert.Equal("openai:gpt-4o-mini", agent.Model);
        Assert.Equal(["lookup_order", "kb_search"], agent.Tools);
        Assert.Equal(["faq", "human"], agent.Handoffs);
        Assert.Equal(["where is my invoice", "I was charged twice"], agent.Examples);
        Assert.Equal(6, agent.MaxTurns);
        Assert.Equal(0.3, agent.Temperature);
        Assert.Equal(512, agent.MaxTokens);
        Assert.Equal(2, agent.MaxParallelTools);
        Assert.Equal(5, agent.MaxToolCalls);
        Assert.Equal(TimeSpan.FromSeconds(2.5), agent.ToolTimeout);
        Assert.Equal(4, agent.MaxConsecutiveToolErrors);
        Assert.True(agent.Escalation.Enabled);
        Assert.Equal(0.4, agent.Escalation.MinConfidence);
        Assert.Equal(-0.7, agent.Escalation.NegativeSentiment);
        Assert.False(agent.Escalation.OnHumanRequest);
        Assert.Equal(["human", "complaint"], agent.Escalation.Intents);
        Assert.Equal(3, agent.Escalation.MaxFailedTurns);
        Assert.Equal("billing", agent.Escalation.Team);
        Assert.Equal("high", agent.Escalation.Priority);
        Assert.Equal(new ContextSettings { MaxMessages = 8, SummaryWindow = 50, MaxSummaryChars = 400 }, agent.Context);
        Assert.Null(agent.Router);
        Assert.Equal("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}""", agent.OutputSchema?.GetRawText());
        Assert.Equal("billing.yaml", agent.Source);
    }

    [Fact]
    public void Parse_MinimalAgent_AppliesTheDefaults()
    {
        var agent = Assert.Single(AgentFileLoader.Parse("name: helper\nmodel: openai:gpt-4o-mini\n", "helper.yaml").Agents);

        Assert.Equal(10, agent.MaxTurns);
        Assert.Equal(4, agent.MaxParallelTools);
        Assert.Equal(TimeSpan.FromSeconds(30), agent.ToolTimeout);
        Assert.Equal(3, agent.MaxConsecutiveToolErrors);
        Assert.Null(agent.Temperature);
        Assert.Null(agent.MaxTokens);
        Assert.Null(agent.OutputSchema);
        Assert.Empty(agent.Tools);
        Assert.Empty(agent.Handoffs);
        Assert.Equal(string.Empty, agent.Instructions);
        Assert.True(agent.Escalation.Enabled);
        Assert.Equal(0.5, agent.Escalation.MinConfidence);
        Assert.Equal(-0.75, agent.Escalation.NegativeSentiment);
        Assert.True(agent.Escalation.OnHumanRequest);
        Assert.Equal(["human"], agent.Escalation.Intents);
        Assert.Equal(2, agent.Escalation.MaxFailedTurns);
        Assert.Equal("support", agent.Escalation.Team);
        Assert.Equal("normal", agent.Escalation.Priority);
        Assert.Equal(new ContextSettings { MaxMessages = 20, SummaryWindow = 200, MaxSummaryChars = 1500 }, agent.Context);
    }

    [Fact]
    public void Parse_TeamFile_ReadsTheTeamAndItsRouter()
    {
        var team = AgentFileLoader.Parse(
            """
            name: desk
            description: A small desk.
            entry: router
            agents:
              - name: router
                model: openai:gpt-4o-mini
                router:
                  mode: hybrid
                  threshold: 0.7
                  default: faq
                  model: openai:gpt-4o
                  routes: [faq, orders, human]
                  human_examples: [let me speak to a manager]
              - name: faq
                model: openai:gpt-4o-mini
                examples: [how long does delivery take]
              - name: orders
                model: anthropic:claude-haiku
                max_turns: 4
                examples: [where is my order]
            """,
            "desk.yaml");

        Assert.Equal("desk", team.Name);
        Assert.Equal("A small desk.", team.Description);
        Assert.Equal("router", team.Entry);
        Assert.Equal(["router", "faq", "orders"], team.Agents.Select(a => a.Name));
        var router = team.Agents[0].Router;
        Assert.NotNull(router);
        Assert.Equal(RouterMode.Hybrid, router.Mode);
        Assert.Equal(0.7, router.Threshold);
        Assert.Equal("faq", router.Default);
        Assert.Equal("openai:gpt-4o", router.Model);
        Assert.Equal(["faq", "orders", "human"], router.Routes);
        Assert.Equal(["let me speak to a manager"], router.HumanExamples);
        Assert.Equal(4, team.Agents[2].MaxTurns);
        Assert.Equal(10, team.Agents[1].MaxTurns);
        Assert.All(team.Agents, a => Assert.Equal("desk.yaml", a.Source));
    }

    [Fact]
    public void Parse_RouterWithoutMode_UsesTheClassifierAndThreshold05()
    {
        var team = AgentFileLoader.Parse(
            "name: r\nmodel: p:m\nrouter:\n  default: a\n  routes: [a]\n",
            "r.yaml");

        var router = Assert.Single(team.Agents).Router;
        Assert.Equal(RouterMode.Classifier, router?.Mode);
        Assert.Equal(0.5, router?.Threshold);
    }

    [Fact]
    public void Parse_Json_IsReadLikeYaml()
    {
        var team = AgentFileLoader.Parse(
            """
            {
              "name": "json-agent",
              "model": "openai:gpt-4o-mini",
              "max_turns": 5,
              "temperature": 1.5,
              "tools": ["lookup_order"],
              "escalation": { "priority": "urgent" }
            }
            """,
            "agent.json");

        var agent = Assert.Single(team.Agents);
        Assert.Equal("json-agent", agent.Name);
        Assert.Equal(5, agent.MaxTurns);
        Assert.Equal(1.5, agent.Temperature);
        Assert.Equal(["lookup_order"], agent.Tools);
        Assert.Equal("urgent", agent.Escalation.Priority);
    }

    [Theory]
    [InlineData("name: a\nmodel: p:m\ncolour: blue\n", "a.yaml:3: colour: unknown field (known: name, description,")]
    [InlineData("name: a\ndescription: no model\n", "a.yaml:1: model: is required")]
    [InlineData("name: Bad Name\nmodel: p:m\n", "a.yaml:1: name: 'Bad Name' must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter")]
    [InlineData("name: \"billing\\n\"\nmodel: p:m\n", "a.yaml:1: name: 'billing\n' must be 1-64 lower-case letters")]
    [InlineData("name: a\nmodel: p:m\nrouter:\n  mode: llm,hybrid\n  default: b\n  routes: [b]\n", "a.yaml:4: router.mode: must be classifier, llm or hybrid")]
    [InlineData("name: human\nmodel: p:m\n", "a.yaml:1: name: 'human' is reserved for the handoff queue")]
    [InlineData("name: a\nmodel: p:m\nmax_turns: 0\n", "a.yaml:3: max_turns: must be a whole number from 1 to 100")]
    [InlineData("name: a\nmodel: p:m\nmax_turns: 101\n", "a.yaml:3: max_turns: must be a whole number from 1 to 100")]
    [InlineData("name: a\nmodel: p:m\ntemperature: 2.5\n", "a.yaml:3: temperature: must be a number from 0 to 2")]
    [InlineData("name: a\nmodel: p:m\nrouter:\n  default: c\n  routes: [b]\n", "a.yaml:4: router.default: 'c' is not one of the routes")]
    [InlineData("name: a\nmodel: p:m\nescalation:\n  priority: asap\n", "a.yaml:4: escalation.priority: must be one of low, normal, high, urgent")]
    [InlineData("name: a\nmodel: p:m\nescalation:\n  tema: billing\n", "a.yaml:4: escalation.tema: unknown field")]
    [InlineData("name: a\nmodel: p:m\nhandoffs: [a]\n", "a.yaml:1: handoffs: 'a' is the agent itself")]
    [InlineData("name: a\nmodel: p:m\ntools: lookup_order\n", "a.yaml:3: tools: must be a list of strings")]
    [InlineData("name: a\nmodel: p:m\noutput_schema: &a [*a]\n", "a.yaml:3: aliases (*a) are not supported")]
    [InlineData("name: a\nmodel: p:m\nx: &x [1, 2]\ny: [*x, *x]\n", "a.yaml:4: aliases (*x) are not supported")]
    [InlineData("name: a\nmodel: p:m\noutput_schema:\n  ? [k]\n  : 1\n", "a.yaml:4: output_schema: keys must be single values")]
    [InlineData("name: a\nmodel: p:m\noutput_schema:\n  type: object\n  !!str type: string\n", "a.yaml:5: output_schema.type: appears twice")]
    public void Parse_InvalidAgent_ReportsFileLineFieldAndProblem(string yaml, string expected)
    {
        var error = Assert.Single(ErrorsOf(yaml, "a.yaml"));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TeamEntryThatIsNotAnAgent_IsReported()
    {
        var errors = ErrorsOf("name: t\nentry: boss\nagents:\n  - name: a\n    model: p:m\n", "t.yaml");

        Assert.Equal(["t.yaml:1: entry: 'boss' is not one of the team's agents (a)"], errors);
    }

    [Fact]
    public void Parse_TeamWithTheSameAgentTwice_IsReported()
    {
        var errors = ErrorsOf(
            "name: t\nentry: a\nagents:\n  - name: a\n    model: p:m\n  - name: a\n    model: p:n\n",
            "t.yaml");

        Assert.Equal(["t.yaml:6: agents[1].name: 'a' is defined twice"], errors);
    }

    [Fact]
    public void Parse_TeamAgentErrors_NameTheAgentsIndex()
    {
        var errors = ErrorsOf("name: t\nentry: a\nagents:\n  - name: a\n    model: p:m\n  - name: b\n    max_turns: x\n", "t.yaml");

        Assert.Equal(
            ["t.yaml:6: agents[1].model: is required", "t.yaml:7: agents[1].max_turns: must be a whole number from 1 to 100"],
            errors.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("name: a\nmodel: p:m\ntools: [a, b\nmax_turns: 3\n", 3)]
    [InlineData("name: a\n  model: p:m\n", 2)]
    [InlineData("name: a\nmodel: \"p:m\n", 2)]
    [InlineData("{\"name\": \"a\",\n \"model\": \"p:m\"\n", 3)]
    public void Parse_InvalidSyntax_ReportsTheFileAndLine(string text, int line)
    {
        var error = Assert.Single(ErrorsOf(text, "broken.yaml"));

        Assert.StartsWith($"broken.yaml:{line}: not valid YAML or JSON: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedDeeperThan64_IsReportedWithoutBuildingTheTree()
    {
        var yaml = "name: a\nmodel: p:m\noutput_schema: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var error = Assert.Single(ErrorsOf(yaml, "a.yaml"));

        Assert.Equal("a.yaml:3: nested deeper than 64 levels", error);
    }

    [Fact]
    public void Parse_NotAMapping_IsReported()
    {
        var error = Assert.Single(ErrorsOf("- just\n- a list\n", "list.yaml"));

        Assert.Equal("list.yaml: must hold a mapping (an agent, or a team with 'agents')", error);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsThemAllAtOnce()
    {
        var exception = Assert.Throws<AgentDefinitionException>(() => AgentFileLoader.Parse(
            """
            name: a
            model: p:m
            max_turns: 0
            temperature: -1
            colour: blue
            escalation:
              priority: asap
            """,
            "many.yaml"));

        Assert.Equal(
            [
                "many.yaml:3: max_turns: must be a whole number from 1 to 100",
                "many.yaml:4: temperature: must be a number from 0 to 2",
                "many.yaml:5: colour: unknown field",
                "many.yaml:7: escalation.priority: must be one of low, normal, high, urgent",
            ],
            exception.Errors.Order(StringComparer.Ordinal).Select(e => e.Split(" (known:")[0]));
        Assert.All(exception.Errors, e => Assert.Contains(e, exception.Message, StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> ErrorsOf(string yaml, string source) =>
        Assert.Throws<AgentDefinitionException>(() => AgentFileLoader.Parse(yaml, source)).Errors;
}
