using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// Collects a stream's updates as they pass, to store the whole answer once the stream has ended. It lets go of them as
/// soon as they add up to more than the largest answer stored, so a long stream holds no extra memory.
/// </summary>
internal sealed class StreamedAnswer
{
    private readonly long _maxBytes;
    private List<ChatResponseUpdate>? _updates = [];
    private long _bytes;
    private UsageDetails? _usage;

    /// <summary>Initializes a new instance of the <see cref="StreamedAnswer"/> class.</summary>
    /// <param name="maxBytes">The largest answer stored (<see cref="ResponseCacheOptions.MaxEntryBytes"/>).</param>
    public StreamedAnswer(long maxBytes) => _maxBytes = maxBytes;

    /// <summary>Adds the next update.</summary>
    public void Add(ChatResponseUpdate update)
    {
        if (_updates is null)
        {
            return;
        }

        // Indexed: a foreach over the IList would allocate an enumerator for every chunk.
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is UsageContent usage)
            {
                _usage = usage.Details;
            }

            _bytes += CachedContent.ContentOverheadBytes + contents[i] switch
            {
                TextContent text => CachedContent.Chars(text.Text),
                FunctionCallUpdateContent fragment => CachedContent.Chars(fragment.ArgumentsFragment),
                _ => 0,
            };
        }

        if (_bytes > _maxBytes)
        {
            _updates = null;
            return;
        }

        _updates.Add(update);
    }

    /// <summary>
    /// Returns the answer the updates make, with streamed tool-call fragments folded into whole calls; null when it grew
    /// too large to store.
    /// </summary>
    public ChatResponse? ToResponse()
    {
        if (_updates is null)
        {
            return null;
        }

        var response = _updates.ToChatResponse();

        // A stream's usage is cumulative (a provider may repeat it, Anthropic sends the input first and the total at the
        // end), and every other stage takes the last one; ToChatResponse would add them up.
        response.Usage = _usage;
        foreach (var message in response.Messages)
        {
            AssembleToolCalls(message);
        }

        return response;
    }

    private static void AssembleToolCalls(ChatMessage message)
    {
        StreamingToolCallAssembler? assembler = null;
        var position = -1;
        var contents = new List<AIContent>(message.Contents.Count);
        foreach (var content in message.Contents)
        {
            if (content is FunctionCallUpdateContent fragment)
            {
                assembler ??= new StreamingToolCallAssembler();
                assembler.Add(fragment);
                if (position < 0)
                {
                    position = contents.Count;
                }
            }
            else
            {
                contents.Add(content);
            }
        }

        if (assembler is not null)
        {
            contents.InsertRange(position, assembler.Build());
            message.Contents = contents;
        }
    }
}
