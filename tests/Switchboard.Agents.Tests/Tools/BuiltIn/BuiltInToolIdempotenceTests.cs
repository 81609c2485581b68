using Switchboard.Agents.Tests.Fakes;
using Switchboard.Agents.Tools;
using Switchboard.Agents.Tools.BuiltIn;
using Switchboard.Agents.Tools.Calculator;
using Switchboard.Agents.Tools.Http;

namespace Switchboard.Agents.Tests.Tools.BuiltIn;

public sealed class BuiltInToolIdempotenceTests
{
    [Fact]
    public void Idempotent_BuiltInTools_OnlyTheReadOnlyLookupsOptIn()
    {
        var orders = new FakeOrderStore();
        using var http = new HttpClient();
        var tools = new List<AgentTool>();
        tools.AddRange(MethodTool.FromInstance(new OrderTools(orders, new FakeTimeProvider(DateTimeOffset.UnixEpoch))));
        tools.AddRange(MethodTool.FromInstance(new SupportTools(orders, new FakeKnowledgeSearch())));
        tools.Add(new CalculatorTool());
        tools.Add(new WeatherTool(http, baseUrl: null));
        tools.Add(new WebSearchTool(http, baseUrl: null));

        // Order status changes and the other order and support tools write, so they must always run.
        Assert.Equal(
            ["calculator", "get_weather", "kb_search", "web_search"],
            tools.Where(t => t.Idempotent).Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Contains(tools, t => t.Name == "get_order_status" && !t.Idempotent);
        Assert.Equal(TimeSpan.FromMinutes(10), tools.Single(t => t.Name == "get_weather").CacheTtl);
    }
}
