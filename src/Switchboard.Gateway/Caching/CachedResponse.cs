using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// A stored answer: the messages, finish reason, model id, usage, response id and creation time of a
/// <see cref="ChatResponse"/>, and the properties that say how it was produced (provider, route, route reason, upstream
/// model, metadata). It is a private copy: it shares nothing mutable with the response it was made from, and every
/// <see cref="ToChatResponse"/> or <see cref="ToUpdates"/> hands out new objects, so a caller that changes an answer
/// cannot change what the next caller gets.
/// </summary>
/// <remarks>
/// <see cref="ApproximateBytes"/> estimates the managed memory the answer holds: a fixed
/// <see cref="ResponseOverheadBytes"/>, <see cref="MessageOverheadBytes"/> per message and 64 bytes per content part,
/// plus two bytes per character of every string kept (texts, tool-call ids, names and arguments as JSON, function
/// results as JSON, ids, property keys and values) and the bytes of binary data.
/// </remarks>
public sealed partial class CachedResponse
{
    /// <summary>Bytes counted per answer beyond its strings and messages.</summary>
    public const long ResponseOverheadBytes = 256;

    /// <summary>Bytes counted per message beyond its strings and contents.</summary>
    public const long MessageOverheadBytes = 96;

    /// <summary>The response properties an answer keeps; others (attempt counts, the cache status) describe one call only.</summary>
    private static readonly string[] KeptProperties =
    [
        ChatContentProperties.Provider,
        ChatContentProperties.Route,
        ChatContentProperties.RouteReason,
        ChatContentProperties.UpstreamModel,
        ChatContentProperties.Metadata,
    ];

    private readonly ChatMessage[] _messages;
    private readonly UsageDetails? _usage;
    private readonly KeyValuePair<string, object?>[] _properties;

    private CachedResponse(ChatResponse response, ChatMessage[] messages, KeyValuePair<string, object?>[] properties, long bytes)
    {
        _messages = messages;
        _properties = properties;
        _usage = CopyUsage(response.Usage);
        FinishReason = response.FinishReason;
        ModelId = response.ModelId;
        ResponseId = response.ResponseId;
        CreatedAt = response.CreatedAt;
        ApproximateBytes = bytes;
    }

    /// <summary>Gets why the model stopped.</summary>
    public ChatFinishReason? FinishReason { get; }

    /// <summary>Gets the model that answered.</summary>
    public string? ModelId { get; }

    /// <summary>Gets the id of the original response; hits keep it.</summary>
    public string? ResponseId { get; }

    /// <summary>Gets when the original response was created.</summary>
    public DateTimeOffset? CreatedAt { get; }

    /// <summary>Gets the estimated size of the answer in memory, in bytes (see the remarks of <see cref="CachedResponse"/>).</summary>
    public long ApproximateBytes { get; }

    /// <summary>
    /// Copies <paramref name="response"/> into a stored answer. Returns null when the answer holds content the cache does
    /// not know (anything but text, reasoning text, function calls and results, data and URIs), which is not cached.
    /// Usage content found among the messages is dropped: the usage is kept from <see cref="ChatResponse.Usage"/>.
    /// </summary>
    public static CachedResponse? TryCreate(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var bytes = ResponseOverheadBytes + CachedContent.Chars(response.ModelId) + CachedContent.Chars(response.ResponseId)
            + CachedContent.Chars(response.FinishReason?.Value);
        var messages = new ChatMessage[response.Messages.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            var message = response.Messages[i];
            var contents = new List<AIContent>(message.Contents.Count);
            bytes += MessageOverheadBytes + CachedContent.Chars(message.AuthorName) + CachedContent.Chars(message.MessageId)
                + CachedContent.EstimateProperties(message.AdditionalProperties);
            foreach (var content in message.Contents)
            {
                if (content is UsageContent)
                {
                    continue;
                }

                if (!CachedContent.TryEstimate(content, out var contentBytes))
                {
                    return null;
                }

                bytes += contentBytes;
                contents.Add(CachedContent.Copy(content));
            }

            messages[i] = new ChatMessage(message.Role, contents)
            {
                AuthorName = message.AuthorName,
                MessageId = message.MessageId,
                CreatedAt = message.CreatedAt,
                AdditionalProperties = message.AdditionalProperties?.Clone(),
            };
        }

        var properties = new List<KeyValuePair<string, object?>>();
        if (response.AdditionalProperties is { } source)
        {
            foreach (var key in KeptProperties)
            {
                if (source.TryGetValue(key, out var value))
                {
                    properties.Add(new(key, value));
                }
            }

            // A provider's own details of the answer (Anthropic's stop_reason and stop_sequence) are part of it.
            foreach (var (key, value) in source)
            {
                if (IsWireProperty(key) && value is string or bool or int or long or double)
                {
                    properties.Add(new(key, value));
                }
            }
        }

        bytes += CachedContent.EstimateProperties(properties);
        return new CachedResponse(response, messages, [.. properties], bytes);
    }

    /// <summary>Returns a new response with copies of the stored messages, usage and properties.</summary>
    public ChatResponse ToChatResponse()
    {
        var messages = new List<ChatMessage>(_messages.Length);
        foreach (var message in _messages)
        {
            messages.Add(CopyMessage(message));
        }

        var response = new ChatResponse(messages)
        {
            ResponseId = ResponseId,
            ModelId = ModelId,
            CreatedAt = CreatedAt,
            FinishReason = FinishReason,
            Usage = CopyUsage(_usage),
        };
        if (_properties.Length > 0)
        {
            response.AdditionalProperties = new AdditionalPropertiesDictionary(_properties);
        }

        return response;
    }

    private static ChatMessage CopyMessage(ChatMessage message)
    {
        var contents = new List<AIContent>(message.Contents.Count);
        foreach (var content in message.Contents)
        {
            contents.Add(CachedContent.Copy(content));
        }

        return new ChatMessage(message.Role, contents)
        {
            AuthorName = message.AuthorName,
            MessageId = message.MessageId,
            CreatedAt = message.CreatedAt,
            AdditionalProperties = message.AdditionalProperties?.Clone(),
        };
    }

    private static UsageDetails? CopyUsage(UsageDetails? usage)
    {
        if (usage is null)
        {
            return null;
        }

        // Add sums field by field (null plus null stays null) and copies the additional counts.
        var copy = new UsageDetails();
        copy.Add(usage);
        return copy;
    }

    /// <summary>Whether a property is a provider codec's detail of the answer ("anthropic.stop_reason"), not Switchboard's.</summary>
    private static bool IsWireProperty(string key) =>
        !key.StartsWith("switchboard.", StringComparison.Ordinal) && key.Contains('.', StringComparison.Ordinal);
}
