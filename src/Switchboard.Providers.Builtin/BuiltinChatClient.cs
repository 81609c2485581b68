using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Nlu.Text;
using Switchboard.Providers.Builtin.Tools;

namespace Switchboard.Providers.Builtin;

/// <summary>
/// The <c>builtin</c> provider's <see cref="IChatClient"/>: the model id names a knowledge base; the last user message
/// is answered from it by <see cref="BuiltinAnswerer"/>, offline. The decision is returned under
/// <see cref="ChatContentProperties.Metadata"/>; usage counts the engine's tokens (the catalog prices them at zero).
/// </summary>
internal sealed class BuiltinChatClient : IChatClient
{
    private static readonly JsonSerializerOptions MetadataJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly ProviderDefinition _provider;
    private readonly KnowledgeBaseRegistry _registry;
    private readonly BuiltinAnswerer _answerer = new();
    private readonly BuiltinToolPolicy _tools = new();
    private readonly TimeProvider _timeProvider;

    public BuiltinChatClient(ProviderDefinition provider, KnowledgeBaseRegistry registry, TimeProvider timeProvider)
    {
        _provider = provider;
        _registry = registry;
        _timeProvider = timeProvider;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        if (DecideTools(list, options) is { } tool)
        {
            var contents = tool.Call is { } call ? new List<AIContent> { call } : [new TextContent(tool.Text)];
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
            {
                ModelId = options!.ModelId,
                CreatedAt = _timeProvider.GetUtcNow(),
                FinishReason = tool.Call is null ? ChatFinishReason.Stop : ChatFinishReason.ToolCalls,
                Usage = Usage(list, tool.Text ?? string.Empty),
                AdditionalProperties = new() { [ChatContentProperties.Metadata] = ToolMetadata(tool) },
            };
        }

        var (decision, metadata) = await DecideAsync(list, options, cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, decision.Answer))
        {
            ModelId = options!.ModelId,
            CreatedAt = _timeProvider.GetUtcNow(),
            FinishReason = ChatFinishReason.Stop,
            Usage = Usage(list, decision.Answer),
            AdditionalProperties = new() { [ChatContentProperties.Metadata] = metadata },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var created = _timeProvider.GetUtcNow();
        if (DecideTools(list, options) is { } tool)
        {
            foreach (var piece in tool.Text is null ? [] : Pieces(tool.Text))
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = options!.ModelId, CreatedAt = created };
            }

            var last = new List<AIContent>();
            if (tool.Call is { } call)
            {
                last.Add(call);
            }

            last.Add(new UsageContent(Usage(list, tool.Text ?? string.Empty)));
            yield return new ChatResponseUpdate
            {
                Role = ChatRole.Assistant,
                ModelId = options!.ModelId,
                CreatedAt = created,
                FinishReason = tool.Call is null ? ChatFinishReason.Stop : ChatFinishReason.ToolCalls,
                Contents = last,
                AdditionalProperties = new() { [ChatContentProperties.Metadata] = ToolMetadata(tool) },
            };
            yield break;
        }

        var (decision, metadata) = await DecideAsync(list, options, cancellationToken).ConfigureAwait(false);

        // The answer is complete at once; it is streamed in word-sized pieces so streaming clients render as usual.
        foreach (var piece in Pieces(decision.Answer))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = options!.ModelId, CreatedAt = created };
        }

        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = options!.ModelId,
            CreatedAt = created,
            FinishReason = ChatFinishReason.Stop,
            Contents = [new UsageContent(Usage(list, decision.Answer))],
            AdditionalProperties = new() { [ChatContentProperties.Metadata] = metadata },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata)
            ? new ChatClientMetadata(_provider.Name, _provider.BaseUrl)
            : serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }

    private async Task<(BuiltinDecision Decision, JsonElement Metadata)> DecideAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var kb = options?.ModelId ?? throw new ArgumentException("ChatOptions.ModelId must name the knowledge base.", nameof(options));
        var question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new UpstreamException(UpstreamErrorKind.InvalidRequest, _provider.Name, "The built-in engine answers the last user message, and there is none.");
        }

        Knowledge.FaqSearcher searcher;
        try
        {
            searcher = await _registry.GetAsync(kb, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            throw new UpstreamException(UpstreamErrorKind.NotConfigured, _provider.Name, $"Knowledge base '{kb}' cannot answer: {exception.Message} Import entries with 'switchboard kb import'.", innerException: exception);
        }

        var today = DateOnly.FromDateTime(_timeProvider.GetLocalNow().DateTime);
        var decision = _answerer.Answer(kb, searcher, question, today);
        return (decision, JsonSerializer.SerializeToElement(new
        {
            engine = "builtin",
            knowledge_base = decision.KnowledgeBase,
            out_of_scope = decision.OutOfScope,
            faq_id = decision.FaqId,
            intent = decision.Intent,
            confidence = Math.Round(decision.Confidence, 4),
            slots = decision.Slots.Select(s => new { type = s.Type, text = s.Text, start = s.Start, length = s.Length, value = s.Value }),
            sentiment = new { label = decision.Sentiment.Label.ToString().ToLowerInvariant(), score = Math.Round(decision.Sentiment.Score, 4) },
        }, MetadataJson));
    }

    private BuiltinToolResult? DecideTools(IReadOnlyList<ChatMessage> messages, ChatOptions? options) =>
        options?.Tools is { Count: > 0 } tools && options.ToolMode is not NoneChatToolMode
            ? _tools.Decide(messages, tools, DateOnly.FromDateTime(_timeProvider.GetLocalNow().DateTime))
            : null;

    private static JsonElement ToolMetadata(BuiltinToolResult tool) => JsonSerializer.SerializeToElement(
        new
        {
            engine = "builtin",
            mode = tool.Mode,
            tool = tool.Tool,
            confidence = Math.Round(tool.Confidence, 4),
            out_of_scope = false,
        },
        MetadataJson);

    private static UsageDetails Usage(IReadOnlyList<ChatMessage> messages, string answer)
    {
        // The engine reads only the last user message (capped), so that is its input.
        var question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        long input = Tokenizer.Tokenize(TextNormalizer.Normalize(BuiltinAnswerer.Cap(question))).Count;
        long output = Tokenizer.Tokenize(TextNormalizer.Normalize(answer)).Count;
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    /// <summary>Splits an answer into word-sized pieces, never between the two halves of a surrogate pair.</summary>
    internal static IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLowSurrogate(text[i]))
            {
                continue;
            }

            var previousIsCjk = System.Text.Rune.DecodeLastFromUtf16(text.AsSpan(0, i), out var previous, out _) == System.Buffers.OperationStatus.Done
                && TextNormalizer.IsCjk(previous);
            if (i == text.Length || (text[i] == ' ' && i - start >= 8) || (previousIsCjk && i - start >= 6))
            {
                yield return text[start..i];
                start = i;
            }
        }
    }
}
