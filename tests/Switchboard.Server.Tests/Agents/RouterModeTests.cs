using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

/// <summary>Routers in llm and hybrid mode, through HTTP with a fake LLM, and the complaint route of the support desk.</summary>
public sealed class RouterModeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "switchboard-tests", "routers-" + Guid.NewGuid().ToString("N"));

    public RouterModeTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("llm", "Where is my order ORD-1001?", "llm")]
    [InlineData("hybrid", "Where is my order ORD-1001?", "classifier")] // confident: no model call
    [InlineData("hybrid", "something about a parcel", "llm")] // not confident: the LLM decides
    public async Task Router_DecidesByItsMode_AndRecordsHowAndAtWhatCost(string mode, string message, string expectedMethod)
    {
        File.WriteAllText(Path.Combine(_directory, "desk.yaml"), $$"""
            name: desk
            entry: front
            agents:
              - name: front
                model: mock:gpt-4o-mini
                instructions: Route orders to shipping and everything else to help.
                router:
                  mode: {{mode}}
                  threshold: 0.5
                  default: help
                  routes: [shipping, help]
              - name: shipping
                model: builtin:support
                tools: [get_order_status]
                examples: [where is my order, where is my order ORD-1002, what is the status of my order, track my package, has my order shipped, when will my parcel arrive, my package has not arrived, is my order on its way, check order ORD-1003, order status please]
              - name: help
                model: builtin:support
                examples: [how do I reset my password, what payment methods do you accept, how long is the warranty, I forgot my password, can I pay with PayPal, how do I delete my account, do you accept credit cards, what does the warranty cover, how do I change my email, I can't log in]
            """);
        var llm = new ScriptedLlm(request =>
        {
            Assert.Contains("transfer_to_shipping", ScriptedLlm.Tools(request));
            Assert.Equal("required", request.GetProperty("tool_choice").GetString());
            return LlmTurn.Call("transfer_to_shipping", """{"reason":"about a parcel"}""");
        });
        await using var desk = await SupportDesk.StartAsync(
            "builtin", llm, new Dictionary<string, string?> { ["Switchboard:Agents:Directory"] = _directory, ["Switchboard:Agents:Presets:0"] = string.Empty });
        var conversation = await desk.StartConversationAsync("desk");

        var exchange = await desk.SendAsync(conversation, message);

        Assert.Equal("shipping", exchange.GetProperty("agent").GetString());
        var handoff = Assert.Single(SupportDesk.Events(exchange, "handoff"));
        Assert.Equal(expectedMethod, handoff.GetProperty("method").GetString());
        Assert.Equal(expectedMethod == "llm" ? 1 : 0, llm.Calls);
        var trace = await desk.GetAsync($"/api/v1/conversations/{conversation}/trace");
        var recorded = Assert.Single(trace.GetProperty("handoffs").EnumerateArray());
        Assert.Equal(expectedMethod, recorded.GetProperty("method").GetString());
        if (expectedMethod == "llm")
        {
            Assert.Equal(50, recorded.GetProperty("prompt_tokens").GetInt64()); // the decision's cost is recorded
        }
        else
        {
            Assert.True(recorded.GetProperty("confidence").GetDouble() >= 0.5);
        }
    }

    [Fact]
    public async Task SupportDesk_RoutesAComplaintToThePeopleQueue()
    {
        await using var desk = await SupportDesk.StartAsync("builtin");
        var conversation = await desk.StartConversationAsync();

        var exchange = await desk.SendAsync(conversation, "I want to make a complaint about your service");

        Assert.Equal("escalated", exchange.GetProperty("status").GetString());
        Assert.Contains("routed to 'human'", Assert.Single(SupportDesk.Events(exchange, "escalation")).GetProperty("reason").GetString());
    }
}
