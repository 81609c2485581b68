using Microsoft.Extensions.AI;

namespace Switchboard.Abstractions.Providers;

/// <summary>
/// A first guess at the size of the JSON body a provider client writes for a chat request, so that its buffer starts
/// near the right size: a fixed 4 KB buffer is twenty times what a short request needs, allocated on every call, and
/// too small for a long conversation, which then grows it anyway.
/// </summary>
public static class RequestBodySize
{
    // The envelope (model, options, stream flags), each message's role and framing, and each non-text part.
    private const int Envelope = 256;
    private const int PerMessage = 48;
    private const int PerOtherContent = 256;
    private const int PerTool = 512;

    // Past this a guess saves nothing worth the risk of a large unused buffer; the writer grows it as needed.
    private const int Largest = 1 << 20;

    /// <summary>Estimates the body size in bytes; the writer grows its buffer when the guess is short.</summary>
    /// <param name="messages">The request's messages. Only a list or collection is measured; anything else is not
    /// enumerated twice, and gets a guess for a short request.</param>
    /// <param name="options">The request's options; each tool adds a fixed guess for its schema.</param>
    public static int Estimate(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long size = Envelope + (options?.Tools?.Count ?? 0) * PerTool;
        if (messages is not IReadOnlyCollection<ChatMessage> collection)
        {
            return (int)Math.Min(size + 1024, Largest);
        }

        foreach (var message in collection)
        {
            size += PerMessage;
            var contents = message.Contents;
            for (var i = 0; i < contents.Count; i++) // indexed: a foreach over the IList boxes its enumerator
            {
                // ASCII text is one byte a character; escapes and other scripts make the writer grow the buffer.
                size += contents[i] is TextContent text ? (text.Text?.Length ?? 0) : PerOtherContent;
            }

            if (size >= Largest)
            {
                return Largest;
            }
        }

        return (int)size;
    }
}
