using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Errors;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Routing;
using Switchboard.Gateway.Tests.Catalog;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Routing;

public sealed class FailoverChatClientTests
{
    private readonly List<string> _calls = [];
    private readonly TestChatClient _inner = new();
    private readonly FailoverChatClient _client;

    public FailoverChatClientTests()
    {
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b", "c"]);
        var route = new RouteOptions { MaxAttempts = 3, RetryBaseDelayMs = 0, MaxRetryAfterSeconds = 5 };
        route.Targets.AddRange(["p:a", "p:b", "p:c"]);
        options.Routes["chain"] = route;
        options.Retries.RetryBaseDelayMs = 0;
        _client = new FailoverChatClient(_inner, CatalogFixtures.Build(options), TimeProvider.System);
    }

    [Fact]
    public async Task ServerError_IsRetriedOnTheSameTarget()
    {
        var failures = 1;
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            _calls.Add(o!.ModelId!);
            return failures-- > 0 ? throw Upstream(UpstreamErrorKind.ServerError, 500) : Ok(o.ModelId!);
        };

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" });

        Assert.Equal(["p:a", "p:a"], _calls);
        Assert.Equal(2, response.AdditionalProperties![FailoverChatClient.Attempts]);
        Assert.False(response.AdditionalProperties.ContainsKey(FailoverChatClient.FallbackReason));
    }

    [Fact]
    public async Task LongRetryAfter_FailsOverAtOnceAndSaysWhy()
    {
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            _calls.Add(o!.ModelId!);
            return o.ModelId == "p:a" ? throw Upstream(UpstreamErrorKind.RateLimited, 429, TimeSpan.FromSeconds(60)) : Ok(o.ModelId!);
        };

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" });

        Assert.Equal(["p:a", "p:b"], _calls);
        Assert.Equal("p:b", response.ModelId);
        Assert.Equal("p:a: RateLimited (HTTP 429)", response.AdditionalProperties![FailoverChatClient.FallbackReason]);
    }

    [Fact]
    public async Task ServerErrorWithALongRetryAfter_FailsOverAtOnce()
    {
        // A 503 asking for 60 s is not waited out: the route's MaxRetryAfterSeconds (5) applies to it as to a 429.
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            _calls.Add(o!.ModelId!);
            return o.ModelId == "p:a" ? throw Upstream(UpstreamErrorKind.ServerError, 503, TimeSpan.FromSeconds(60)) : Ok(o.ModelId!);
        };

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["p:a", "p:b"], _calls);
        Assert.Equal("p:a: ServerError (HTTP 503)", response.AdditionalProperties![FailoverChatClient.FallbackReason]);
    }

    [Fact]
    public async Task NotFoundOnOneTarget_FailsOverWithoutARetry()
    {
        // A retired model id or a missing deployment is that target's alone; another target may serve the request.
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            _calls.Add(o!.ModelId!);
            return o.ModelId == "p:a" ? throw Upstream(UpstreamErrorKind.InvalidRequest, 404) : Ok(o.ModelId!);
        };

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" });

        Assert.Equal(["p:a", "p:b"], _calls);
        Assert.Equal("p:b", response.ModelId);
    }

    [Fact]
    public async Task InvalidRequest_IsNeitherRetriedNorFailedOver()
    {
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            _calls.Add(o!.ModelId!);
            throw Upstream(UpstreamErrorKind.InvalidRequest, 400);
        };

        await Assert.ThrowsAsync<UpstreamException>(() => _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" }));

        Assert.Equal(["p:a"], _calls);
    }

    [Fact]
    public async Task EveryTargetFailing_RaisesTheLastFailureAfterAllAttempts()
    {
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            _calls.Add(o!.ModelId!);
            throw Upstream(UpstreamErrorKind.Unreachable, null);
        };

        await Assert.ThrowsAsync<UpstreamException>(() => _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" }));

        Assert.Equal(9, _calls.Count); // 3 targets x 3 attempts
    }

    [Fact]
    public async Task PlainModel_UsesTheDefaultRetries()
    {
        var failures = 1;
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            _calls.Add(o!.ModelId!);
            return failures-- > 0 ? throw Upstream(UpstreamErrorKind.Timeout, null) : Ok(o.ModelId!);
        };

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "p/b" });

        Assert.Equal(["p:b", "p:b"], _calls);
        Assert.Equal(2, response.AdditionalProperties![FailoverChatClient.Attempts]);
    }

    [Fact]
    public async Task Streaming_FailureBeforeTheFirstUpdate_FailsOverTransparently()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, o, ct) => o!.ModelId == "p:a" ? Failing(ct) : Words(o.ModelId!, ct);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" }))
        {
            updates.Add(update);
        }

        Assert.Equal("one two", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(4, updates[0].AdditionalProperties![FailoverChatClient.Attempts]); // p:a three times, then p:b
        Assert.Equal("p:a: ServerError (HTTP 503)", updates[0].AdditionalProperties![FailoverChatClient.FallbackReason]);
    }

    [Fact]
    public async Task Streaming_FailureAfterAnUpdateWithNothingOfTheAnswer_StillFailsOver()
    {
        // Anthropic's message_start (a role and a usage count), then an overloaded_error event: the caller has seen
        // nothing of the answer, so the next target can still give it.
        _inner.GetStreamingResponseAsyncCallback = (_, o, ct) => o!.ModelId == "p:a" ? StartsThenBreaks(ct) : Words(o.ModelId!, ct);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" }))
        {
            updates.Add(update);
        }

        Assert.Equal("one two", string.Concat(updates.Select(u => u.Text)));
        Assert.DoesNotContain(updates, u => u.ModelId == "p:a");
        Assert.StartsWith("p:a: ServerError", updates[0].AdditionalProperties![FailoverChatClient.FallbackReason] as string, StringComparison.Ordinal);

        static async IAsyncEnumerable<ChatResponseUpdate> StartsThenBreaks([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate { Role = ChatRole.Assistant, ModelId = "p:a", Contents = [new UsageContent(new UsageDetails { InputTokenCount = 12 })] };
            cancellationToken.ThrowIfCancellationRequested();
            throw new UpstreamException(UpstreamErrorKind.ServerError, "p", "overloaded", upstreamType: "overloaded_error");
        }
    }

    [Fact]
    public async Task Streaming_FailureAfterTheFirstUpdate_ReachesTheCaller()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => BreaksAfterOne(ct);

        var received = new List<string?>();
        await Assert.ThrowsAsync<UpstreamException>(async () =>
        {
            await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "chain" }))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(["partial"], received);
    }

    [Fact]
    public void Catalog_RouteWithUnknownTargetOrBadSettings_FailsNamingTheField()
    {
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a"]);
        var route = new RouteOptions { MaxAttempts = 0, RetryBaseDelayMs = 1e16, MaxRetryAfterSeconds = 1e12 };
        route.Targets.AddRange(["p:a", "p:missing"]);
        options.Routes["broken"] = route;
        options.Routes["bad:name"] = new RouteOptions();
        var shadowing = new RouteOptions();
        shadowing.Targets.Add("p:a");
        options.Routes["a"] = shadowing;

        var exception = Assert.Throws<CatalogValidationException>(() => CatalogFixtures.Build(options));

        Assert.Contains("Switchboard:Routes:a: 'a' is also a model (p:a); a route needs a name of its own.", exception.Errors);
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Routes:broken:Targets:1:", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Routes:broken:MaxAttempts:", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Routes:broken:RetryBaseDelayMs:", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Routes:broken:MaxRetryAfterSeconds:", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Routes:bad:name:", StringComparison.Ordinal));
    }

    private static UpstreamException Upstream(UpstreamErrorKind kind, int? status, TimeSpan? retryAfter = null) =>
        new(kind, "p", "failed", status, retryAfter);

    private static Task<ChatResponse> Ok(string model) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = model });

    private static async IAsyncEnumerable<ChatResponseUpdate> Failing([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        throw Upstream(UpstreamErrorKind.ServerError, 503);
#pragma warning disable CS0162 // an iterator needs a yield
        yield break;
#pragma warning restore CS0162
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Words(string model, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "one") { ModelId = model };
        yield return new ChatResponseUpdate(ChatRole.Assistant, " two") { ModelId = model };
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> BreaksAfterOne([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
        throw Upstream(UpstreamErrorKind.ServerError, 500);
    }
}
