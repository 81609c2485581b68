using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Gateway.Tests.Caching;

/// <summary>Requests and answers shared by the cache tests.</summary>
public static class CacheFixtures
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static List<ChatMessage> Messages(string text = "What are your opening hours?") =>
        [new ChatMessage(ChatRole.System, "You are a helpful agent."), new ChatMessage(ChatRole.User, text)];

    public static ChatOptions Deterministic(string model = "openai:gpt-4o-mini") => new() { ModelId = model, Temperature = 0 };

    public static ChatOptions WithControl(ChatOptions options, string control)
    {
        (options.AdditionalProperties ??= [])[ChatContentProperties.CacheControl] = control;
        return options;
    }

    public static ChatResponse Answer(string text, ChatFinishReason? finishReason = null) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            ResponseId = "resp_1",
            ModelId = "openai:gpt-4o-mini",
            CreatedAt = Start,
            FinishReason = finishReason ?? ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 120, OutputTokenCount = 30, TotalTokenCount = 150 },
            AdditionalProperties = new()
            {
                [ChatContentProperties.Provider] = "openai",
                [ChatContentProperties.Route] = "smart",
                ["switchboard.attempts"] = 2,
            },
        };

    /// <summary>A provider-like stream: the text in the given pieces, then a last update with the finish reason and usage.</summary>
    public static async IAsyncEnumerable<ChatResponseUpdate> Stream(
        IReadOnlyList<string> pieces,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < pieces.Count; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            var update = new ChatResponseUpdate(ChatRole.Assistant, pieces[i]) { ResponseId = "resp_s", ModelId = "openai:gpt-4o-mini" };
            if (i == 0)
            {
                update.AdditionalProperties = new() { [ChatContentProperties.Provider] = "openai" };
            }

            yield return update;
        }

        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = "resp_s",
            ModelId = "openai:gpt-4o-mini",
            FinishReason = ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = 50, OutputTokenCount = 7, TotalTokenCount = 57 })],
        };
    }

    public static async Task<List<ChatResponseUpdate>> ReadAll(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    public static string? Status(ChatResponse response) =>
        response.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.CacheStatus) as string;

    public static string? Status(ChatResponseUpdate update) =>
        update.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.CacheStatus) as string;
}
