using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Catalog;
using Switchboard.Agents.Runtime;
using Switchboard.Agents.Tests.Fakes;

namespace Switchboard.Agents.Tests.Runtime;

public sealed class ModelSummarizerTests
{
    private readonly SummaryModel _model = new();
    private readonly RouteDefinition _route;
    private readonly ModelSummarizer _summarizer;

    public ModelSummarizerTests()
    {
        Assert.True(new FakeModelCatalog().TryGetRoute("test:writer", out var route, out _));
        _route = route;
        _summarizer = new ModelSummarizer(_model, NullLogger.Instance);
    }

    [Fact]
    public async Task SummarizeAsync_MoreNewMessagesThanTheWindowReads_FoldsThemIntoTheSummarySoFar()
    {
        var history = Conversation(12);
        Assert.Equal("SUMMARY#1", await _summarizer.SummarizeAsync("conv_1", _route, 1500, history.Take(4).ToList(), CancellationToken.None));

        // Messages 5 and 6 are past what this call reads; the summary of 1 to 4 must not be lost with them.
        await _summarizer.SummarizeAsync("conv_1", _route, 1500, history.Skip(6).Take(4).ToList(), CancellationToken.None);

        Assert.Contains("Summary so far:\nSUMMARY#1\n", _model.Prompts[1]);
        Assert.Contains("user: message 7", _model.Prompts[1]);
    }

    [Fact]
    public async Task SummarizeAsync_TheSameMessagesForAnAgentWithASmallerLimit_GetTheSummaryClipped()
    {
        var older = Conversation(4).ToList();
        _model.Text = new string('x', 300);
        await _summarizer.SummarizeAsync("conv_1", _route, 1500, older, CancellationToken.None);

        var clipped = await _summarizer.SummarizeAsync("conv_1", _route, 100, older, CancellationToken.None);

        Assert.Equal(100, clipped!.Length);
        Assert.Single(_model.Prompts);
    }

    [Fact]
    public async Task SummarizeAsync_LeavesATokenPerCharacterAndDoesNotKeepASummaryCutOff()
    {
        var older = Conversation(4).ToList();
        _model.FinishReason = ChatFinishReason.Length;

        Assert.Equal("SUMMARY#1", await _summarizer.SummarizeAsync("conv_1", _route, 1500, older, CancellationToken.None));
        Assert.Equal(1500, _model.MaxOutputTokens[0]);

        // Not kept: the same messages are summarised again, from nothing.
        _model.FinishReason = ChatFinishReason.Stop;
        Assert.Equal("SUMMARY#2", await _summarizer.SummarizeAsync("conv_1", _route, 1500, older, CancellationToken.None));
        Assert.Contains("Summary so far:\n(none)", _model.Prompts[1]);
    }

    private static IReadOnlyList<Abstractions.Conversations.ConversationMessage> Conversation(int count)
    {
        var messages = new StoredMessages();
        for (var i = 1; i <= count; i++)
        {
            if (i % 2 == 1)
            {
                messages.User($"message {i}");
            }
            else
            {
                messages.Assistant($"message {i}");
            }
        }

        return messages.All;
    }

    /// <summary>Answers every summary call with SUMMARY#n (or <see cref="Text"/>), recording the prompt and the token cap.</summary>
    private sealed class SummaryModel : IChatClient
    {
        public List<string> Prompts { get; } = [];

        public List<int?> MaxOutputTokens { get; } = [];

        public string? Text { get; set; }

        public ChatFinishReason FinishReason { get; set; } = ChatFinishReason.Stop;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Prompts.Add(messages.Last().Text);
            MaxOutputTokens.Add(options?.MaxOutputTokens);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Text ?? $"SUMMARY#{Prompts.Count}")) { FinishReason = FinishReason });
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw new NotSupportedException();
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
