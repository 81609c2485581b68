using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Gateway.Caching;
using Switchboard.Gateway.Tests.Fakes;
using static Switchboard.Gateway.Tests.Caching.CacheFixtures;

namespace Switchboard.Gateway.Tests.Caching;

public sealed class ResponseCacheStreamingTests
{
    private const string LongText = "We are open from nine to five on weekdays, and from ten to two on Saturdays.";

    private readonly TestChatClient _inner = new();
    private readonly ResponseCacheOptions _options = new();
    private readonly ResponseCacheChatClient _client;
    private int _calls;
    private int _streams;

    public ResponseCacheStreamingTests()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(Answer(LongText));
        };
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) =>
        {
            Interlocked.Increment(ref _streams);
            return Stream(["Hello", ", ", "world."], ct);
        };
        _client = new ResponseCacheChatClient(_inner, new MemoryResponseCache(_options, new ManualTimeProvider(Start)), _options);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StoredAnswer_ReplaysSameAnswerAsStream()
    {
        var original = await _client.GetResponseAsync(Messages(), Deterministic());

        var updates = await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));

        Assert.Equal(0, _streams);
        Assert.True(updates.Count >= 4, $"expected the text in several pieces, got {updates.Count} updates");
        Assert.All(updates.SelectMany(u => u.Contents).OfType<TextContent>(), t => Assert.InRange(t.Text.Length, 1, CachedResponse.ReplayChunkLength));
        Assert.Equal(ResponseCacheStatus.Hit, Status(updates[0]));
        Assert.Equal("openai", updates[0].AdditionalProperties?[ChatContentProperties.Provider]);
        Assert.Equal("smart", updates[0].AdditionalProperties?[ChatContentProperties.Route]);
        Assert.Equal("openai:gpt-4o-mini", updates[0].ModelId);
        Assert.Null(updates[^1].Contents.OfType<TextContent>().FirstOrDefault());
        var replayed = updates.ToChatResponse();
        Assert.Equal(original.Text, replayed.Text);
        Assert.Equal(ChatFinishReason.Stop, replayed.FinishReason);
        Assert.Equal(120, replayed.Usage?.InputTokenCount);
        Assert.Equal(30, replayed.Usage?.OutputTokenCount);
        Assert.Equal("resp_1", replayed.ResponseId);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UsageSentMoreThanOnce_StoresTheLastNotTheSum()
    {
        // As Anthropic streams: the input usage with the first update, the cumulative total at the end.
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => CumulativeUsage(ct);
        await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));

        var whole = await _client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(ResponseCacheStatus.Hit, Status(whole));
        Assert.Equal((50L, 7L, 57L), (whole.Usage?.InputTokenCount, whole.Usage?.OutputTokenCount, whole.Usage?.TotalTokenCount));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Miss_StoresAnswerForBothKindsOfCall()
    {
        var streamed = await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));
        var whole = await _client.GetResponseAsync(Messages(), Deterministic());
        var replayed = await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));

        Assert.Equal(1, _streams);
        Assert.Equal(0, _calls);
        Assert.Equal(4, streamed.Count);
        Assert.Equal(ResponseCacheStatus.Miss, Status(streamed[0]));
        Assert.Equal(ResponseCacheStatus.Hit, Status(whole));
        Assert.Equal("Hello, world.", whole.Text);
        Assert.Equal(50, whole.Usage?.InputTokenCount);
        Assert.Equal(7, whole.Usage?.OutputTokenCount);
        Assert.Equal("openai", whole.AdditionalProperties?[ChatContentProperties.Provider]);
        Assert.Equal(ResponseCacheStatus.Hit, Status(replayed[0]));
        Assert.Equal("Hello, world.", replayed.ToChatResponse().Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AfterARoutesFallback_NothingStored()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) =>
        {
            Interlocked.Increment(ref _streams);
            return FellBack(Stream(["Sorry, ", "try later."], ct));
        };

        await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));
        var second = await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));

        Assert.Equal(2, _streams);
        Assert.Equal(ResponseCacheStatus.Miss, Status(second[0]));

        static async IAsyncEnumerable<ChatResponseUpdate> FellBack(IAsyncEnumerable<ChatResponseUpdate> updates)
        {
            var first = true;
            await foreach (var update in updates)
            {
                if (first)
                {
                    (update.AdditionalProperties ??= [])[Switchboard.Gateway.Routing.FailoverChatClient.FallbackReason] = "openai:gpt-4o: timeout";
                    first = false;
                }

                yield return update;
            }
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Miss_PassesEachUpdateOnBeforeTheNextArrives()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inner.GetStreamingResponseAsyncCallback = (_, _, _) => Gated(released.Task);

        await using var updates = _client.GetStreamingResponseAsync(Messages(), Deterministic()).GetAsyncEnumerator();
        var first = updates.MoveNextAsync().AsTask();

        // The inner stream waits for the release after its first update: a stage that buffered would never return it.
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("first", updates.Current.Text);
        released.SetResult();
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("second", updates.Current.Text);

        static async IAsyncEnumerable<ChatResponseUpdate> Gated(Task release)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "first");
            await release;
            yield return new ChatResponseUpdate(ChatRole.Assistant, "second") { FinishReason = ChatFinishReason.Stop };
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamFails_NothingStored()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, _) =>
        {
            Interlocked.Increment(ref _streams);
            return Failing();
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic())));
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) =>
        {
            Interlocked.Increment(ref _streams);
            return Stream(["Hello"], ct);
        };
        var next = await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));

        Assert.Equal(2, _streams);
        Assert.Equal(ResponseCacheStatus.Miss, Status(next[0]));

        static async IAsyncEnumerable<ChatResponseUpdate> Failing()
        {
            // Whole as far as it goes (it even has a finish reason): only the failure makes it incomplete.
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Hello") { FinishReason = ChatFinishReason.Stop };
            throw new InvalidOperationException("upstream dropped the connection");
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerStopsReading_NothingStored()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) =>
        {
            Interlocked.Increment(ref _streams);
            return Finished(ct);
        };

        await foreach (var update in _client.GetStreamingResponseAsync(Messages(), Deterministic()))
        {
            Assert.Equal("Hello", update.Text);
            break;
        }

        var next = await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));

        Assert.Equal(2, _streams);
        Assert.Equal(ResponseCacheStatus.Miss, Status(next[0]));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancels_NothingStored()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) =>
        {
            Interlocked.Increment(ref _streams);
            return Finished(ct);
        };
        using var cancellation = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in _client.GetStreamingResponseAsync(Messages(), Deterministic(), cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        });

        var next = await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));

        Assert.Equal(2, _streams);
        Assert.Equal(ResponseCacheStatus.Miss, Status(next[0]));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NotDeterministic_BypassesAndStoresNothing()
    {
        var options = new ChatOptions { ModelId = "openai:gpt-4o-mini", Temperature = 0.8f };

        var first = await ReadAll(_client.GetStreamingResponseAsync(Messages(), options));
        await ReadAll(_client.GetStreamingResponseAsync(Messages(), options));

        Assert.Equal(2, _streams);
        Assert.Equal(ResponseCacheStatus.Bypass, Status(first[0]));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LargerThanMaxEntryBytes_NothingStored()
    {
        _options.MaxEntryBytes = 1_000;
        var piece = new string('x', 200);
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) =>
        {
            Interlocked.Increment(ref _streams);
            return Stream([piece, piece, piece], ct);
        };

        var streamed = await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));
        var next = await _client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(600, streamed.ToChatResponse().Text.Length);
        Assert.Equal(ResponseCacheStatus.Miss, Status(next));
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCallFragments_StoredAsWholeCalls()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) =>
        {
            Interlocked.Increment(ref _streams);
            return Fragments(ct);
        };

        await ReadAll(_client.GetStreamingResponseAsync(Messages(), Deterministic()));
        var hit = await _client.GetResponseAsync(Messages(), Deterministic());

        Assert.Equal(ResponseCacheStatus.Hit, Status(hit));
        Assert.Equal(ChatFinishReason.ToolCalls, hit.FinishReason);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(hit.Messages[0].Contents));
        Assert.Equal("call_9", call.CallId);
        Assert.Equal("lookup_order", call.Name);
        Assert.Equal("""{"order":"A-17"}""", ToolCallArguments.GetJson(call));

        static async IAsyncEnumerable<ChatResponseUpdate> Fragments([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallUpdateContent(0) { CallId = "call_9", Name = "lookup_order", ArgumentsFragment = """{"ord""" }]);
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallUpdateContent(0) { ArgumentsFragment = """er":"A-17"}""" }]);
            yield return new ChatResponseUpdate { Role = ChatRole.Assistant, FinishReason = ChatFinishReason.ToolCalls };
        }
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> CumulativeUsage([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = "anthropic:haiku",
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = 50, OutputTokenCount = 1, TotalTokenCount = 51 })],
        };
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Hello.") { ModelId = "anthropic:haiku" };
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = "anthropic:haiku",
            FinishReason = ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = 50, OutputTokenCount = 7, TotalTokenCount = 57 })],
        };
    }

    /// <summary>A stream whose first update already looks final (text and finish reason), followed by the usage.</summary>
    private static async IAsyncEnumerable<ChatResponseUpdate> Finished([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Hello") { FinishReason = ChatFinishReason.Stop };
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 1, OutputTokenCount = 1 })]);
    }
}
