using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Caching;
using Switchboard.Gateway.Pipeline;
using Switchboard.Gateway.Tests.Fakes;
using static Switchboard.Gateway.Tests.Caching.CacheFixtures;

namespace Switchboard.Gateway.Tests.Caching;

public sealed class ResponseCacheChatClientTests
{
    private readonly TestChatClient _inner = new();
    private readonly ManualTimeProvider _time = new(Start);
    private readonly ResponseCacheOptions _options = new();
    private int _calls;

    public ResponseCacheChatClientTests()
    {
        // Each call answers differently, so a test sees whether an answer came from the model or from the cache.
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer($"answer {Interlocked.Increment(ref _calls)}"));
    }

    [Fact]
    public async Task GetResponseAsync_SameDeterministicRequestTwice_CallsModelOnceAndAnswersFromCache()
    {
        using var client = Client();

        var first = await client.GetResponseAsync(Messages(), Deterministic());
        var second = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(1, _calls);
        Assert.Equal(ResponseCacheStatus.Miss, Status(first));
        Assert.Equal(ResponseCacheStatus.Hit, Status(second));
        Assert.Equal("answer 1", second.Text);
        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Equal("resp_1", second.ResponseId);
        Assert.Equal("openai:gpt-4o-mini", second.ModelId);
        Assert.Equal(120, second.Usage?.InputTokenCount);
        Assert.Equal(30, second.Usage?.OutputTokenCount);
        Assert.Equal("openai", second.AdditionalProperties?[ChatContentProperties.Provider]);
        Assert.Equal("smart", second.AdditionalProperties?[ChatContentProperties.Route]);
        Assert.False(second.AdditionalProperties?.ContainsKey("switchboard.attempts"), "a hit made no upstream attempts");
    }

    [Theory]
    [InlineData("text")]
    [InlineData("role")]
    [InlineData("author")]
    [InlineData("model")]
    [InlineData("route")]
    [InlineData("temperature")]
    [InlineData("topP")]
    [InlineData("maxOutputTokens")]
    [InlineData("stop")]
    [InlineData("seed")]
    [InlineData("penalties")]
    [InlineData("instructions")]
    [InlineData("tools")]
    [InlineData("toolSchema")]
    [InlineData("toolMode")]
    [InlineData("responseFormat")]
    [InlineData("extraField")]
    public async Task GetResponseAsync_RequestDiffersInOneField_Misses(string field)
    {
        _options.CacheNonDeterministic = true;
        using var client = Client();
        await client.GetResponseAsync(Messages(), Baseline());
        var messages = Messages();
        var options = Baseline();
        switch (field)
        {
            case "text": messages[^1] = new ChatMessage(ChatRole.User, "What are your closing hours?"); break;
            case "role": messages[0].Role = ChatRole.User; break;
            case "author": messages[^1].AuthorName = "ann"; break;
            case "model": options.ModelId = "openai:gpt-4o"; break;
            case "route": options.AdditionalProperties![ChatContentProperties.RouteOverride] = "cheap"; break;
            case "temperature": options.Temperature = 0.5f; break;
            case "topP": options.TopP = 0.9f; break;
            case "maxOutputTokens": options.MaxOutputTokens = 64; break;
            case "stop": options.StopSequences = ["END"]; break;
            case "seed": options.Seed = 7; break;
            case "penalties": options.FrequencyPenalty = 0.5f; break;
            case "instructions": options.Instructions = "Answer in French."; break;
            case "tools": options.Tools!.Add(new ToolDeclaration("cancel_order", "Cancels an order.", null)); break;
            case "toolSchema": options.Tools![0] = new ToolDeclaration("lookup_order", "Finds an order.", Json("""{"type":"object","properties":{"email":{"type":"string"}}}""")); break;
            case "toolMode": options.ToolMode = ChatToolMode.RequireAny; break;
            case "responseFormat": options.ResponseFormat = ChatResponseFormat.Json; break;
            case "extraField": options.AdditionalProperties!["openai.extra_fields"] = new Dictionary<string, JsonElement> { ["n"] = Json("2") }; break;
        }

        var response = await client.GetResponseAsync(messages, options);

        Assert.Equal(2, _calls);
        Assert.Equal(ResponseCacheStatus.Miss, Status(response));
        Assert.Equal("answer 2", response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_DifferentTenants_DoNotShareAnswers()
    {
        using var client = Client();

        using (ModelCallContext.Push(new ModelCallContext { TenantId = "acme" }))
        {
            await client.GetResponseAsync(Messages(), Deterministic());
        }

        ChatResponse other;
        using (ModelCallContext.Push(new ModelCallContext { TenantId = "globex" }))
        {
            other = await client.GetResponseAsync(Messages(), Deterministic());
        }

        ChatResponse again;
        using (ModelCallContext.Push(new ModelCallContext { TenantId = "acme" }))
        {
            again = await client.GetResponseAsync(Messages(), Deterministic());
        }

        Assert.Equal(2, _calls);
        Assert.Equal(ResponseCacheStatus.Miss, Status(other));
        Assert.Equal("answer 2", other.Text);
        Assert.Equal(ResponseCacheStatus.Hit, Status(again));
        Assert.Equal("answer 1", again.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.7f)]
    public async Task GetResponseAsync_NotDeterministic_BypassesCache(float? temperature)
    {
        using var client = Client();
        var options = new ChatOptions { ModelId = "openai:gpt-4o-mini", Temperature = temperature };

        var first = await client.GetResponseAsync(Messages(), options);
        var second = await client.GetResponseAsync(Messages(), options);

        Assert.Equal(2, _calls);
        Assert.Equal(ResponseCacheStatus.Bypass, Status(first));
        Assert.Equal(ResponseCacheStatus.Bypass, Status(second));
        Assert.Equal("answer 2", second.Text);
    }

    [Fact]
    public async Task GetResponseAsync_ForceWithNonZeroTemperature_Caches()
    {
        using var client = Client();

        await client.GetResponseAsync(Messages(), Forced());
        var second = await client.GetResponseAsync(Messages(), Forced());

        Assert.Equal(1, _calls);
        Assert.Equal(ResponseCacheStatus.Hit, Status(second));
        Assert.Equal("answer 1", second.Text);

        static ChatOptions Forced() => WithControl(new ChatOptions { ModelId = "openai:gpt-4o-mini", Temperature = 0.9f }, "FORCE");
    }

    [Fact]
    public async Task GetResponseAsync_CacheNonDeterministicOption_CachesWithoutTemperature()
    {
        _options.CacheNonDeterministic = true;
        using var client = Client();
        var options = new ChatOptions { ModelId = "openai:gpt-4o-mini" };

        await client.GetResponseAsync(Messages(), options);
        var second = await client.GetResponseAsync(Messages(), options);

        Assert.Equal(1, _calls);
        Assert.Equal(ResponseCacheStatus.Hit, Status(second));
    }

    [Fact]
    public async Task GetResponseAsync_NoCache_CallsModelAndStoresFreshAnswer()
    {
        using var client = Client();
        await client.GetResponseAsync(Messages(), Deterministic());

        var refreshed = await client.GetResponseAsync(Messages(), WithControl(Deterministic(), ResponseCacheControl.NoCache));
        var next = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(2, _calls);
        Assert.Equal(ResponseCacheStatus.Bypass, Status(refreshed));
        Assert.Equal("answer 2", refreshed.Text);
        Assert.Equal(ResponseCacheStatus.Hit, Status(next));
        Assert.Equal("answer 2", next.Text);
    }

    [Fact]
    public async Task GetResponseAsync_NoCacheWhoseFreshAnswerCannotBeStored_StillRemovesTheStaleOne()
    {
        using var client = Client();
        await client.GetResponseAsync(Messages(), Deterministic());
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            var cut = Answer($"answer {Interlocked.Increment(ref _calls)}");
            cut.FinishReason = new ChatFinishReason("content_filter");
            return Task.FromResult(cut);
        };

        var refreshed = await client.GetResponseAsync(Messages(), WithControl(Deterministic(), ResponseCacheControl.NoCache));
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer($"answer {Interlocked.Increment(ref _calls)}"));
        var next = await client.GetResponseAsync(Messages(), Deterministic());

        // The caller asked for the stored answer to be replaced; it must not come back because the refresh was unstorable.
        Assert.Equal("answer 2", refreshed.Text);
        Assert.Equal(ResponseCacheStatus.Miss, Status(next));
        Assert.Equal("answer 3", next.Text);
    }

    [Fact]
    public async Task GetResponseAsync_NoStoreOnStoredRequest_DoesNotReadNorReplace()
    {
        using var client = Client();
        await client.GetResponseAsync(Messages(), Deterministic());

        var unstored = await client.GetResponseAsync(Messages(), WithControl(Deterministic(), ResponseCacheControl.NoStore));
        var next = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(2, _calls);
        Assert.Equal(ResponseCacheStatus.Bypass, Status(unstored));
        Assert.Equal("answer 2", unstored.Text);
        Assert.Equal("answer 1", next.Text);
    }

    [Fact]
    public async Task GetResponseAsync_NoStoreOnNewRequest_DoesNotStore()
    {
        using var client = Client();

        await client.GetResponseAsync(Messages(), WithControl(Deterministic(), ResponseCacheControl.NoStore));
        var next = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(2, _calls);
        Assert.Equal(ResponseCacheStatus.Miss, Status(next));
    }

    [Fact]
    public async Task GetResponseAsync_CacheControl_IsNotForwardedButStaysOnCallersOptions()
    {
        using var client = Client();
        var options = WithControl(Deterministic(), ResponseCacheControl.NoCache);

        await client.GetResponseAsync(Messages(), options);

        var forwarded = Assert.Single(_inner.ReceivedOptions);
        Assert.NotNull(forwarded);
        Assert.False(forwarded.AdditionalProperties?.ContainsKey(ChatContentProperties.CacheControl) ?? false);
        Assert.Equal(ResponseCacheControl.NoCache, options.AdditionalProperties![ChatContentProperties.CacheControl]);
    }

    [Fact]
    public async Task GetResponseAsync_AfterTtl_CallsModelAgain()
    {
        _options.TtlSeconds = 300;
        using var client = Client();
        await client.GetResponseAsync(Messages(), Deterministic());

        _time.Advance(TimeSpan.FromSeconds(299));
        var fresh = await client.GetResponseAsync(Messages(), Deterministic());
        _time.Advance(TimeSpan.FromSeconds(2));
        var expired = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(ResponseCacheStatus.Hit, Status(fresh));
        Assert.Equal(ResponseCacheStatus.Miss, Status(expired));
        Assert.Equal("answer 2", expired.Text);
        Assert.Equal(2, _calls);
    }

    [Fact]
    public async Task GetResponseAsync_AnswerLargerThanMaxEntryBytes_IsNotStored()
    {
        _options.MaxEntryBytes = 4_000;
        var text = new string('x', 1_000);
        _inner.GetResponseAsyncCallback = (messages, _, _) =>
        {
            Interlocked.Increment(ref _calls);

            // 1,000 characters fit within 4,000 bytes; 2,000 characters (4,000 bytes of text alone) do not.
            return Task.FromResult(Answer(messages.Last().Text == "long" ? text + text : text));
        };
        using var client = Client();

        await client.GetResponseAsync(Messages("short"), Deterministic());
        var small = await client.GetResponseAsync(Messages("short"), Deterministic());
        await client.GetResponseAsync(Messages("long"), Deterministic());
        var large = await client.GetResponseAsync(Messages("long"), Deterministic());

        Assert.Equal(ResponseCacheStatus.Hit, Status(small));
        Assert.Equal(ResponseCacheStatus.Miss, Status(large));
        Assert.Equal(3, _calls);
    }

    [Theory]
    [InlineData("content_filter")]
    [InlineData(null)]
    public async Task GetResponseAsync_IncompleteAnswer_IsNotStored(string? finishReason)
    {
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            var answer = Answer($"answer {Interlocked.Increment(ref _calls)}");
            answer.FinishReason = finishReason is null ? null : new ChatFinishReason(finishReason);
            return Task.FromResult(answer);
        };
        using var client = Client();

        await client.GetResponseAsync(Messages(), Deterministic());
        var second = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(2, _calls);
        Assert.Equal(ResponseCacheStatus.Miss, Status(second));
    }

    [Fact]
    public async Task GetResponseAsync_CutAtALengthTheCallerDidNotAskFor_IsNotStored()
    {
        // A budget below the cache caps one caller's output; another caller of the same key must not get the cut answer.
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer($"answer {Interlocked.Increment(ref _calls)}", ChatFinishReason.Length));
        using var client = Client();

        await client.GetResponseAsync(Messages(), Deterministic());
        var uncapped = await client.GetResponseAsync(Messages(), Deterministic());
        var capped = Deterministic();
        capped.MaxOutputTokens = 5;
        await client.GetResponseAsync(Messages(), capped);
        var cappedAgain = await client.GetResponseAsync(Messages(), capped);

        Assert.Equal(ResponseCacheStatus.Miss, Status(uncapped));
        Assert.Equal(ResponseCacheStatus.Hit, Status(cappedAgain));
        Assert.Equal(3, _calls);
    }

    [Fact]
    public async Task GetResponseAsync_AnswerAfterARoutesFallback_IsNotStored()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            var answer = Answer($"answer {Interlocked.Increment(ref _calls)}");
            answer.AdditionalProperties = new() { [Switchboard.Gateway.Routing.FailoverChatClient.FallbackReason] = "openai:gpt-4o: server_error" };
            return Task.FromResult(answer);
        };
        using var client = Client();

        await client.GetResponseAsync(Messages(), Deterministic());
        var second = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(ResponseCacheStatus.Miss, Status(second));
        Assert.Equal(2, _calls);
    }

    [Fact]
    public async Task GetResponseAsync_Hits_NeverShareInstances()
    {
        using var client = Client();
        var miss = await client.GetResponseAsync(Messages(), Deterministic());
        ((TextContent)miss.Messages[0].Contents[0]).Text = "edited by the caller";
        miss.Messages[0].Contents.Add(new TextContent(" (and added to)"));

        var first = await client.GetResponseAsync(Messages(), Deterministic());
        ((TextContent)first.Messages[0].Contents[0]).Text = "changed";
        first.Usage!.InputTokenCount = 0;
        first.AdditionalProperties![ChatContentProperties.Provider] = "other";
        var second = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.NotSame(first, second);
        Assert.NotSame(first.Messages[0], second.Messages[0]);
        Assert.Equal("answer 1", second.Text);
        Assert.Equal(120, second.Usage?.InputTokenCount);
        Assert.Equal("openai", second.AdditionalProperties?[ChatContentProperties.Provider]);
    }

    [Fact]
    public async Task GetResponseAsync_UnknownContentInRequest_Bypasses()
    {
        using var client = Client();
        var messages = Messages();
        messages[^1].Contents.Add(new UnknownContent());

        var first = await client.GetResponseAsync(messages, Deterministic());
        var second = await client.GetResponseAsync(messages, Deterministic());

        Assert.Equal(2, _calls);
        Assert.Equal(ResponseCacheStatus.Bypass, Status(first));
        Assert.Equal(ResponseCacheStatus.Bypass, Status(second));
    }

    [Fact]
    public async Task GetResponseAsync_UnknownContentInAnswer_IsNotStored()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            var answer = Answer($"answer {Interlocked.Increment(ref _calls)}");
            answer.Messages[0].Contents.Add(new UnknownContent());
            return Task.FromResult(answer);
        };
        using var client = Client();

        await client.GetResponseAsync(Messages(), Deterministic());
        var second = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(2, _calls);
        Assert.Equal(ResponseCacheStatus.Miss, Status(second));
    }

    [Fact]
    public async Task GetResponseAsync_Disabled_PassesThroughWithoutStatus()
    {
        _options.Enabled = false;
        using var client = Client();

        await client.GetResponseAsync(Messages(), Deterministic());
        var second = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(2, _calls);
        Assert.Null(Status(second));
    }

    [Fact]
    public async Task GetResponseAsync_ToolCallAnswer_IsStoredAndReturnedWhole()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            Interlocked.Increment(ref _calls);
            var call = ToolCallArguments.CreateCall("call_1", "lookup_order", """{"order":"A-17","email":"ann@example.com"}""");
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { FinishReason = ChatFinishReason.ToolCalls });
        };
        using var client = Client();

        await client.GetResponseAsync(Messages(), Deterministic());
        var hit = await client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(1, _calls);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(hit.Messages[0].Contents));
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("lookup_order", call.Name);
        Assert.Equal("""{"order":"A-17","email":"ann@example.com"}""", ToolCallArguments.GetJson(call));
        Assert.Equal(ChatFinishReason.ToolCalls, hit.FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_HundredConcurrentHits_AllAnsweredFromCache()
    {
        var cache = new MemoryResponseCache(_options, _time);
        using var client = Client(cache);
        await client.GetResponseAsync(Messages(), Deterministic());

        var responses = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() => client.GetResponseAsync(Messages(), Deterministic()))));

        Assert.Equal(1, _calls);
        Assert.All(responses, r => Assert.Equal("answer 1", r.Text));
        Assert.All(responses, r => Assert.Equal(ResponseCacheStatus.Hit, Status(r)));
        Assert.Equal(100, responses.Select(r => r.Messages[0]).Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(100, cache.Hits);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public async Task GetResponseAsync_RecordsCacheRequestsByResult()
    {
        var model = $"m{Guid.NewGuid():N}";
        using var recorder = new MeasurementRecorder(model);
        using var client = Client();

        await client.GetResponseAsync(Messages(), Deterministic(model));
        await client.GetResponseAsync(Messages(), Deterministic(model));
        await client.GetResponseAsync(Messages(), new ChatOptions { ModelId = model, Temperature = 1 });

        Assert.Equal(
            [ResponseCacheStatus.Miss, ResponseCacheStatus.Hit, ResponseCacheStatus.Bypass],
            recorder.Of("switchboard.cache.requests").Select(m => m.Tags["result"]));
    }

    [Fact]
    public async Task UseResponseCache_BuildsStageFromServices()
    {
        var cache = new MemoryResponseCache(_options, _time);
        var services = new TestServices().Add(_options).Add<IResponseCache>(cache);
        using var pipeline = new ChatPipelineBuilder().UseResponseCache().Build(_inner, services);

        await pipeline.GetResponseAsync(Messages(), Deterministic());
        var second = await pipeline.GetResponseAsync(Messages(), Deterministic());

        Assert.IsType<ResponseCacheChatClient>(pipeline);
        Assert.Equal(ResponseCacheStatus.Hit, Status(second));
        Assert.Equal(1, cache.Hits);
    }

    private static ChatOptions Baseline()
    {
        var options = Deterministic();
        options.Tools = [new ToolDeclaration("lookup_order", "Finds an order.", Json("""{"type":"object","properties":{"order":{"type":"string"}}}"""))];
        options.AdditionalProperties = [];
        return options;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private ResponseCacheChatClient Client(IResponseCache? cache = null) =>
        new(_inner, cache ?? new MemoryResponseCache(_options, _time), _options);

    private sealed class UnknownContent : AIContent;
}
