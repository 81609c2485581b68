using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Chat;
using Switchboard.Gateway.Policies;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Policies;

public sealed class IntentRoutingPolicyTests
{
    private readonly TestChatClient _inner = new();
    private readonly RoutingPolicyChatClient _client;

    public IntentRoutingPolicyTests()
    {
        _client = new RoutingPolicyChatClient(_inner, PolicyFixtures.Build(("support", PolicyFixtures.Intent())), NullLogger<RoutingPolicyChatClient>.Instance);
    }

    [Theory]
    [InlineData("Hi, I'd like a refund for the shoes I bought", "smart", "refund")]
    [InlineData("I can't remember my password, how do I reset it?", "p:cheap", "account")]
    [InlineData("我想退款", "smart", "refund")]
    public async Task Message_GoesToItsLabelsTarget(string text, string target, string label)
    {
        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, text)], new ChatOptions { ModelId = "support" });

        Assert.Equal(target, _inner.ReceivedOptions.Single()!.ModelId);
        Assert.Equal(target, response.AdditionalProperties![ChatContentProperties.Route]);
        Assert.Matches($@"^intent '{label}' \(\d\.\d\d\) -> {target}$", (string)response.AdditionalProperties[ChatContentProperties.RouteReason]!);
    }

    [Fact]
    public async Task OffTopicMessage_GoesToTheDefault()
    {
        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "tell me a joke")], new ChatOptions { ModelId = "support" });

        Assert.Equal("fast", _inner.ReceivedOptions.Single()!.ModelId);
        Assert.StartsWith("no intent", (string)response.AdditionalProperties![ChatContentProperties.RouteReason]!, StringComparison.Ordinal);
        Assert.EndsWith("-> default fast", (string)response.AdditionalProperties[ChatContentProperties.RouteReason]!, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelBelowMinConfidence_GoesToTheDefault()
    {
        var options = PolicyFixtures.Intent();
        options.MinConfidence = 1;
        var policy = PolicyFixtures.Build(("strict", options)).Policies.Single();

        var decision = policy.Decide([new ChatMessage(ChatRole.User, "I want a refund for my order")], null);

        Assert.Equal("fast", decision.Target);
        Assert.Matches(@"^intent 'refund' \(0\.\d\d\) below 1\.00 -> default fast$", decision.Reason);
    }

    [Fact]
    public void NoUserMessage_GoesToTheDefault()
    {
        var policy = PolicyFixtures.Build(("support", PolicyFixtures.Intent())).Policies.Single();

        var decision = policy.Decide([new ChatMessage(ChatRole.System, "You are a support agent.")], null);

        Assert.Equal(new RoutingDecision("fast", "no user message -> default fast"), decision);
    }

    [Fact]
    public async Task OnlyTheLastUserMessageIsClassified()
    {
        await _client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "I want a refund"), new ChatMessage(ChatRole.Assistant, "Sure."), new ChatMessage(ChatRole.User, "also, I forgot my password")],
            new ChatOptions { ModelId = "support" });

        Assert.Equal("p:cheap", _inner.ReceivedOptions.Single()!.ModelId);
    }
}
