using Switchboard.Agents.Definitions;
using Switchboard.Agents.Tests.Fakes;

namespace Switchboard.Agents.Tests.Definitions;

public sealed class AgentCatalogTests
{
    private static readonly HashSet<string> KnownTools = ["lookup_order", "kb_search"];

    private static readonly FakeModelCatalog Models = new("openai:retired");

    [Fact]
    public void Build_ConsistentTeams_ResolvesTeamsAndAgents()
    {
        var catalog = Build(Desk(), AgentFileLoader.Parse("name: solo\nmodel: openai:gpt-4o\ntools: [kb_search]\n", "solo.yaml"));

        Assert.Equal(["desk", "solo"], catalog.Teams.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["faq", "orders", "router", "solo"], catalog.Agents.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal("router", catalog.ResolveEntry("desk")?.Name);
        Assert.Equal("orders", catalog.ResolveEntry("orders")?.Name);
        Assert.Equal("solo", catalog.ResolveEntry("solo")?.Name);
        Assert.Null(catalog.ResolveEntry("nobody"));
        Assert.Equal("router", catalog.FindTeam("desk")?.Entry);
        Assert.Null(catalog.FindTeam("router"));
    }

    [Fact]
    public void Build_EveryKindOfBrokenReference_IsReportedInOneException()
    {
        var broken = AgentFileLoader.Parse(
            """
            name: broken
            entry: front
            agents:
              - name: front
                model: openai:gpt-4o
                router:
                  default: back
                  routes: [back, nowhere, human]
              - name: back
                model: openai:retired
                tools: [lookup_order, teleport]
                handoffs: [ghost, human]
            """,
            "broken.yaml");
        var again = AgentFileLoader.Parse("name: faq\nmodel: openai:gpt-4o\n", "again.yaml");

        var exception = Assert.Throws<AgentDefinitionException>(() => Build(Desk(), broken, again));

        Assert.Equal(
            [
                "again.yaml: name: agent 'faq' is also defined in desk.yaml",
                "broken.yaml: back.handoffs: unknown agent 'ghost'",
                "broken.yaml: back.model: unknown model 'openai:retired'",
                "broken.yaml: back.tools: unknown tool 'teleport'",
                "broken.yaml: front.router.routes: 'back' has no examples for the classifier",
                "broken.yaml: front.router.routes: unknown agent 'nowhere'",
            ],
            exception.Errors.Order(StringComparer.Ordinal));
        Assert.All(exception.Errors, e => Assert.Contains(e, exception.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_RouterModelThatCannotResolve_IsReported()
    {
        var team = AgentFileLoader.Parse(
            "name: r\nmodel: openai:gpt-4o\nrouter:\n  mode: llm\n  model: nope\n  default: human\n  routes: [human]\n",
            "r.yaml");

        var exception = Assert.Throws<AgentDefinitionException>(() => Build(team));

        Assert.Equal(["r.yaml: r.router.model: unknown model 'nope'"], exception.Errors);
    }

    [Fact]
    public void Build_HandoffsWhoseToolNamesClashOrRunOver64Characters_AreReported()
    {
        var longName = "a" + new string('b', 52);
        var team = AgentFileLoader.Parse(
            $"""
            name: desk
            entry: front
            agents:
              - name: front
                model: openai:gpt-4o
                handoffs: [billing-team, billing_team, {longName}]
              - name: billing-team
                model: openai:gpt-4o
              - name: billing_team
                model: openai:gpt-4o
              - name: {longName}
                model: openai:gpt-4o
            """,
            "desk.yaml");

        var exception = Assert.Throws<AgentDefinitionException>(() => Build(team));

        Assert.Equal(
            [
                "desk.yaml: front.handoffs: 'billing_team' and 'billing-team' give the same tool name 'transfer_to_billing_team'; rename one of them",
                $"desk.yaml: front.handoffs: '{longName}' gives the tool name 'transfer_to_{longName}', longer than 64 characters; shorten the agent's name",
            ],
            exception.Errors);
    }

    [Fact]
    public void Build_TwoTeamsWithTheSameName_IsReported()
    {
        var first = AgentFileLoader.Parse("name: same\nmodel: openai:gpt-4o\n", "first.yaml");
        var second = new AgentTeam("same", string.Empty, "other", [new AgentDefinition { Name = "other", Model = "openai:gpt-4o", Source = "second.yaml" }], "second.yaml");

        var exception = Assert.Throws<AgentDefinitionException>(() => Build(first, second));

        Assert.Equal(["second.yaml: name: team 'same' is also defined in first.yaml"], exception.Errors);
    }

    private static AgentTeam Desk() => AgentFileLoader.Parse(
        """
        name: desk
        entry: router
        agents:
          - name: router
            model: openai:gpt-4o-mini
            router:
              default: faq
              routes: [faq, orders, human]
          - name: faq
            model: openai:gpt-4o-mini
            examples: [how long does delivery take]
            handoffs: [orders]
          - name: orders
            model: openai:gpt-4o-mini
            tools: [lookup_order]
            examples: [where is my order]
            handoffs: [human]
        """,
        "desk.yaml");

    private static AgentCatalog Build(params AgentTeam[] teams) =>
        AgentCatalog.Build(teams, KnownTools.Contains, name => Models.TryResolve(name, out _, out var reason) ? null : reason);
}
