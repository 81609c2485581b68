using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Errors;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Routing;
using Switchboard.Gateway.Tests.Catalog;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Routing;

public sealed class FirstTokenTimeoutTests
{
    [Fact]
    public async Task StreamWithoutAFirstTokenInTime_IsATimeoutAndFailsOver()
    {
        var client = Create(firstTokenSeconds: 0.3, (model, ct) => model == "p:slow" ? Delayed(TimeSpan.FromSeconds(30), ct) : Immediate(ct));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" }))
        {
            updates.Add(update);
        }

        Assert.Equal("fast", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal("p:slow: Timeout", updates[0].AdditionalProperties![FailoverChatClient.FallbackReason]);
    }

    [Fact]
    public async Task ModelTimeoutShorterThanTheFirstTokenLimit_AppliesBeforeTheFirstToken_AndFailsOver()
    {
        // A first token after the model's whole time is up would be sent and then cut: the stream must fail over first.
        var client = Create(firstTokenSeconds: 30, (model, ct) => model == "p:slow" ? Delayed(TimeSpan.FromSeconds(30), ct) : Immediate(ct), slowTimeoutSeconds: 0.3);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" }))
        {
            updates.Add(update);
        }

        Assert.Equal("fast", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal("p:slow: Timeout", updates[0].AdditionalProperties![FailoverChatClient.FallbackReason]);
    }

    [Fact]
    public async Task SlowStreamAfterTheFirstToken_IsNotCutByTheFirstTokenLimit()
    {
        var client = Create(firstTokenSeconds: 0.3, (_, ct) => SlowAfterFirst(ct));

        var text = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "p:slow" }))
        {
            text.Add(update.Text);
        }

        Assert.Equal(["a", "b"], text);
    }

    [Fact]
    public void InvalidTimeouts_NameTheField()
    {
        var options = new ModelCatalogOptions();
        var provider = CatalogFixtures.Provider(models: ["m"]);
        provider.FirstTokenTimeoutSeconds = 0;
        provider.Models[0].TimeoutSeconds = -1;
        options.Providers["p"] = provider;

        var exception = Assert.Throws<CatalogValidationException>(() => CatalogFixtures.Build(options));

        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Providers:p:FirstTokenTimeoutSeconds", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Providers:p:Models:0:TimeoutSeconds", StringComparison.Ordinal));
    }

    private static FailoverChatClient Create(double firstTokenSeconds, Func<string, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> stream, double? slowTimeoutSeconds = null)
    {
        var options = new ModelCatalogOptions();
        var provider = CatalogFixtures.Provider(models: ["slow", "fast"]);
        provider.FirstTokenTimeoutSeconds = firstTokenSeconds;
        provider.Models[0].TimeoutSeconds = slowTimeoutSeconds;
        options.Providers["p"] = provider;
        var route = new RouteOptions { MaxAttempts = 1 };
        route.Targets.AddRange(["p:slow", "p:fast"]);
        options.Routes["chain"] = route;
        options.Retries.MaxAttempts = 1;
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, o, ct) => stream(o!.ModelId!, ct) };
        return new FailoverChatClient(inner, CatalogFixtures.Build(options), TimeProvider.System);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Delayed(TimeSpan delay, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "late");
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Immediate([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "fast");
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> SlowAfterFirst([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
        await Task.Delay(TimeSpan.FromSeconds(0.8), cancellationToken); // longer than the first-token limit
        yield return new ChatResponseUpdate(ChatRole.Assistant, "b");
    }
}
