using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Gateway.Caching;

/// <summary>How a stored answer is replayed as a stream.</summary>
public sealed partial class CachedResponse
{
    /// <summary>The most characters of text one replayed update carries.</summary>
    public const int ReplayChunkLength = 32;

    /// <summary>
    /// Returns the answer as a stream of new updates, as a provider would have streamed it: text in pieces of at most
    /// <see cref="ReplayChunkLength"/> characters, every other content part in an update of its own, then a last update
    /// with the finish reason and the usage. The first update carries the provider, route, route reason and upstream
    /// model; the last one the metadata. <c>ToChatResponse()</c> on the updates gives back the same answer.
    /// </summary>
    public IEnumerable<ChatResponseUpdate> ToUpdates()
    {
        var first = true;
        var role = ChatRole.Assistant;
        string? messageId = null;
        for (var i = 0; i < _messages.Length; i++)
        {
            var message = _messages[i];
            role = message.Role;

            // Updates are grouped into messages by id: several messages need ids to come back apart.
            messageId = message.MessageId ?? (_messages.Length > 1 ? $"{ResponseId ?? "cached"}-{i}" : null);
            foreach (var content in message.Contents)
            {
                if (content is TextContent { Text.Length: > ReplayChunkLength } text)
                {
                    for (var start = 0; start < text.Text.Length;)
                    {
                        var length = PieceLength(text.Text, start);
                        // Every piece keeps the text's properties: the refusal marker says what each piece is.
                        var piece = new TextContent(text.Text.Substring(start, length))
                        {
                            AdditionalProperties = text.AdditionalProperties?.Clone(),
                        };
                        yield return Update(role, messageId, [piece], first);
                        first = false;
                        start += length;
                    }
                }
                else
                {
                    yield return Update(role, messageId, [CachedContent.Copy(content)], first);
                    first = false;
                }
            }
        }

        var last = Update(role, messageId, _usage is null ? [] : [new UsageContent(CopyUsage(_usage)!)], first);
        last.FinishReason = FinishReason;
        foreach (var (key, value) in _properties)
        {
            // The metadata, and a provider's stop details, come with the end of the stream, as a provider sends them.
            if (key == ChatContentProperties.Metadata || IsWireProperty(key))
            {
                (last.AdditionalProperties ??= [])[key] = value;
            }
        }

        yield return last;
    }

    private ChatResponseUpdate Update(ChatRole role, string? messageId, List<AIContent> contents, bool first)
    {
        var update = new ChatResponseUpdate(role, contents)
        {
            MessageId = messageId,
            ResponseId = ResponseId,
            ModelId = ModelId,
            CreatedAt = CreatedAt,
        };
        if (first)
        {
            foreach (var (key, value) in _properties)
            {
                if (key != ChatContentProperties.Metadata && !IsWireProperty(key))
                {
                    (update.AdditionalProperties ??= [])[key] = value;
                }
            }
        }

        return update;
    }

    /// <summary>Returns the length of the piece of <paramref name="text"/> that starts at <paramref name="start"/>, never splitting a surrogate pair.</summary>
    private static int PieceLength(string text, int start)
    {
        var length = Math.Min(ReplayChunkLength, text.Length - start);
        if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
        {
            length--;
        }

        return length;
    }
}
