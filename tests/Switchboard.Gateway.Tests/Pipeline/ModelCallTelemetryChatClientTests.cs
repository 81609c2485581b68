using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Errors;
using Switchboard.Gateway.Telemetry;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Pipeline;

public sealed class ModelCallTelemetryChatClientTests
{
    [Fact]
    public async Task GetResponse_LogsModelAndTokensButNeverContent()
    {
        var logger = new ListLogger();
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "SECRET ANSWER"))
            {
                ModelId = "openai:gpt-4o-mini",
                Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 34 },
                FinishReason = ChatFinishReason.Stop,
            }),
        };
        using var client = new ModelCallTelemetryChatClient(inner, logger, TimeProvider.System);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "SECRET QUESTION")], new ChatOptions { ModelId = "openai:gpt-4o-mini" });

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("openai:gpt-4o-mini", entry.Message);
        Assert.Contains("input_tokens=12", entry.Message);
        Assert.Contains("output_tokens=34", entry.Message);
        Assert.DoesNotContain("SECRET", entry.Message);
    }

    [Fact]
    public async Task GetResponse_Failure_LogsKindAndRethrows()
    {
        var logger = new ListLogger();
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => throw new UpstreamException(UpstreamErrorKind.RateLimited, "openai", "slow down", 429),
        };
        using var client = new ModelCallTelemetryChatClient(inner, logger, TimeProvider.System);

        await Assert.ThrowsAsync<UpstreamException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m" }));

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("kind=RateLimited", entry.Message);
        Assert.Contains("upstream_status=429", entry.Message);
    }

    [Fact]
    public async Task GetStreamingResponse_LogsOnceAtTheEndWithUsage()
    {
        var logger = new ListLogger();
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Updates() };
        using var client = new ModelCallTelemetryChatClient(inner, logger, TimeProvider.System);

        var count = 0;
        await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m" }))
        {
            count++;
            Assert.Empty(logger.Entries);
        }

        Assert.Equal(2, count);
        var entry = Assert.Single(logger.Entries);
        Assert.Contains("streaming=True", entry.Message);
        Assert.Contains("output_tokens=7", entry.Message);
        Assert.Contains("finish=stop", entry.Message);

        static async IAsyncEnumerable<ChatResponseUpdate> Updates()
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
            yield return new ChatResponseUpdate
            {
                FinishReason = ChatFinishReason.Stop,
                Contents = [new UsageContent(new UsageDetails { InputTokenCount = 3, OutputTokenCount = 7 })],
            };
        }
    }

    private sealed class ListLogger : ILogger<ModelCallTelemetryChatClient>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
