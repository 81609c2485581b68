using Microsoft.Extensions.AI;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// The answer every benchmark gets back from the "provider": 20 text deltas of a short support reply, then a final update
/// with the finish reason and the usage, as an OpenAI-compatible upstream streams them. New objects are made for every
/// call, as a real adapter makes them, so that the stages' own changes to a response (the properties they stamp on it)
/// are counted for each request.
/// </summary>
internal static class CannedAnswer
{
    /// <summary>The text deltas a streamed answer has.</summary>
    public const int Deltas = 20;

    public const string ResponseId = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT";

    // Few tokens per call: the rate-limit counters run far below their limits however fast a benchmark calls.
    public const int InputTokens = 42;

    public const int OutputTokens = Deltas;

    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);

    private static readonly string[] s_deltas =
    [
        "I", " can", " see", " both", " payments", " for", " invoice", " 2026", "-03", "-18842", ".", " The", " duplicate",
        " has", " been", " refunded", ";", " expect", " it", " within five days.",
    ];

    /// <summary>Gets the whole text, the deltas joined.</summary>
    public static string Text { get; } = string.Concat(s_deltas);

    /// <summary>Makes the non-streaming answer.</summary>
    public static ChatResponse CreateResponse(string? modelId) =>
        new(new ChatMessage(ChatRole.Assistant, Text))
        {
            ResponseId = ResponseId,
            CreatedAt = CreatedAt,
            ModelId = modelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = CreateUsage(),
        };

    /// <summary>Makes update <paramref name="index"/> of a stream of <paramref name="deltas"/> text deltas and the final update.</summary>
    public static ChatResponseUpdate CreateUpdate(int index, int deltas, string? modelId) =>
        index < deltas
            ? new ChatResponseUpdate(ChatRole.Assistant, s_deltas[index % s_deltas.Length])
            {
                ResponseId = ResponseId,
                CreatedAt = CreatedAt,
                ModelId = modelId,
            }
            : new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(CreateUsage())])
            {
                ResponseId = ResponseId,
                CreatedAt = CreatedAt,
                ModelId = modelId,
                FinishReason = ChatFinishReason.Stop,
            };

    /// <summary>Makes the updates of a whole stream: <paramref name="deltas"/> text deltas, then the final update.</summary>
    public static ChatResponseUpdate[] CreateUpdates(int deltas, string? modelId)
    {
        var updates = new ChatResponseUpdate[deltas + 1];
        for (var i = 0; i < updates.Length; i++)
        {
            updates[i] = CreateUpdate(i, deltas, modelId);
        }

        return updates;
    }

    private static UsageDetails CreateUsage() =>
        new() { InputTokenCount = InputTokens, OutputTokenCount = OutputTokens, TotalTokenCount = InputTokens + OutputTokens };
}
