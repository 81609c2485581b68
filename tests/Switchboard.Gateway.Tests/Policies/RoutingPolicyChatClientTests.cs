using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Gateway.Policies;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Policies;

public sealed class RoutingPolicyChatClientTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "Hello!")];

    private readonly TestChatClient _inner = new();
    private readonly RoutingPolicyChatClient _client;

    public RoutingPolicyChatClientTests()
    {
        var policies = PolicyFixtures.Build(("auto", PolicyFixtures.Complexity()), ("support", PolicyFixtures.Intent()));
        _client = new RoutingPolicyChatClient(_inner, policies, NullLogger<RoutingPolicyChatClient>.Instance);
    }

    [Theory]
    [InlineData("p:mid")]
    [InlineData("smart")]
    public async Task RouteOrModelName_PassesThroughUntouched(string name)
    {
        var options = new ChatOptions { ModelId = name };

        var response = await _client.GetResponseAsync(Hello, options);

        Assert.Same(options, _inner.ReceivedOptions.Single());
        Assert.Null(response.AdditionalProperties);
    }

    [Fact]
    public async Task PolicyName_IsReplacedInACopyOfTheOptions()
    {
        var options = new ChatOptions { ModelId = "AUTO", Temperature = 0.2f };

        var response = await _client.GetResponseAsync(Hello, options);

        var sent = _inner.ReceivedOptions.Single()!;
        Assert.NotSame(options, sent);
        Assert.Equal("fast", sent.ModelId);
        Assert.Equal(0.2f, sent.Temperature);
        Assert.Equal("AUTO", options.ModelId); // the caller's options are not changed
        Assert.Equal("fast", response.AdditionalProperties![ChatContentProperties.Route]);
        Assert.Equal("complexity 0.00 -> fast", response.AdditionalProperties[ChatContentProperties.RouteReason]);
    }

    [Fact]
    public async Task Override_WinsOverThePolicy_AndIsNotPassedDown()
    {
        var options = new ChatOptions { ModelId = "auto", AdditionalProperties = new() { [ChatContentProperties.RouteOverride] = "reasoning" } };

        var response = await _client.GetResponseAsync(Hello, options);

        var sent = _inner.ReceivedOptions.Single()!;
        Assert.Equal("reasoning", sent.ModelId);
        Assert.False(sent.AdditionalProperties!.ContainsKey(ChatContentProperties.RouteOverride));
        Assert.True(options.AdditionalProperties.ContainsKey(ChatContentProperties.RouteOverride));
        Assert.Equal("reasoning", response.AdditionalProperties![ChatContentProperties.Route]);
        Assert.Equal("override", response.AdditionalProperties[ChatContentProperties.RouteReason]);
    }

    [Fact]
    public async Task Override_WinsOverAModelName_AndResolvesToTheCanonicalName()
    {
        var options = new ChatOptions { ModelId = "p:cheap", AdditionalProperties = new() { [ChatContentProperties.RouteOverride] = "P/Premium" } };

        await _client.GetResponseAsync(Hello, options);

        Assert.Equal("p:premium", _inner.ReceivedOptions.Single()!.ModelId);
    }

    [Fact]
    public async Task OverrideNamingAPolicy_LetsThatPolicyChoose()
    {
        var options = new ChatOptions { ModelId = "p:premium", AdditionalProperties = new() { [ChatContentProperties.RouteOverride] = "support" } };

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "I want my money back, refund my order")], options);

        Assert.Equal("smart", _inner.ReceivedOptions.Single()!.ModelId);
        Assert.StartsWith("override -> policy support: intent 'refund'", (string)response.AdditionalProperties![ChatContentProperties.RouteReason]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOverride_IsModelNotFound()
    {
        var options = new ChatOptions { ModelId = "auto", AdditionalProperties = new() { [ChatContentProperties.RouteOverride] = "nope" } };

        await Assert.ThrowsAsync<ModelNotFoundException>(() => _client.GetResponseAsync(Hello, options));
        Assert.Empty(_inner.ReceivedOptions);
    }

    [Fact]
    public async Task Streaming_StampsTheFirstUpdateOnly_WithoutWaitingForTheRest()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Stream(release.Task, ct);

        await using var updates = _client.GetStreamingResponseAsync(Hello, new ChatOptions { ModelId = "auto" }).GetAsyncEnumerator();

        // The first update arrives while the inner stream is still blocked: nothing is buffered.
        Assert.True(await updates.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("fast", updates.Current.AdditionalProperties![ChatContentProperties.Route]);
        Assert.Equal("fast", _inner.ReceivedOptions.Single()!.ModelId);
        release.SetResult();
        Assert.True(await updates.MoveNextAsync());
        Assert.Null(updates.Current.AdditionalProperties);
        Assert.False(await updates.MoveNextAsync());

        static async IAsyncEnumerable<ChatResponseUpdate> Stream(Task release, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "one");
            await release.WaitAsync(cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "two");
        }
    }

    [Fact]
    public async Task Streaming_ModelName_IsTheInnerStreamItself()
    {
        var options = new ChatOptions { ModelId = "p:cheap" };

        await foreach (var update in _client.GetStreamingResponseAsync(Hello, options))
        {
            Assert.Null(update.AdditionalProperties);
        }

        Assert.Same(options, _inner.ReceivedOptions.Single());
    }
}
