using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Json;

namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>
/// Turns Anthropic stream events into <see cref="ChatResponseUpdate"/>s as they arrive. Content-block indexes count
/// text blocks too; tool-use blocks get their own 0, 1, 2 … tool indexes, as OpenAI-style clients expect, and their
/// <c>input_json_delta</c> fragments are forwarded under that index without buffering.
/// </summary>
/// <remarks>
/// Each event is read in one forward pass over its UTF-8 bytes (see <see cref="JsonTokens"/> for how lenient that is):
/// the fields any event type uses are collected, whatever their order, and the event's <c>type</c> then says which
/// of them count. A text delta, the event of every token, reads its type, index and delta and nothing else.
/// </remarks>
public sealed class AnthropicStreamState
{
    private readonly Dictionary<int, int> _toolIndexByBlock = [];
    private string? _id;
    private string? _model;
    private UsageDetails? _usage;

    private enum Kind
    {
        Other,
        MessageStart,
        ContentBlockStart,
        ContentBlockDelta,
        MessageDelta,
        MessageStop,
        Error,
    }

    /// <summary>Gets a value indicating whether <c>message_stop</c> was seen.</summary>
    public bool Completed { get; private set; }

    /// <summary>Reads one event's data; returns the update to emit, or null for events with nothing to show.</summary>
    /// <param name="utf8">The event's data.</param>
    /// <exception cref="AnthropicStreamException">The event is an <c>error</c> event.</exception>
    /// <exception cref="JsonException">The data is not JSON, or the event lacks what its type needs.</exception>
    public ChatResponseUpdate? Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return ReadEvent(utf8);
        }
        catch (InvalidOperationException exception)
        {
            throw JsonTokens.Malformed(exception);
        }
    }

    private ChatResponseUpdate? ReadEvent(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read())
        {
            throw new JsonException("The stream event is empty.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // Not an event this reader knows (JSON all the same): nothing to show, as with an unknown type.
            reader.Skip();
            JsonTokens.End(ref reader);
            return null;
        }

        var e = default(Event);
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                e.Kind = ReadKind(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                // The last of a repeated object wins whole, as with a document lookup.
                (e.HasDelta, e.DeltaType, e.Text, e.Thinking, e.PartialJson, e.StopReason) = (true, null, null, null, null, null);
                if (JsonTokens.StartObject(ref reader))
                {
                    ReadDelta(ref reader, ref e);
                }
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                e.Index = JsonTokens.ReadInt64(ref reader) is { } index and >= 0 and <= int.MaxValue ? (int)index : null;
            }
            else if (reader.ValueTextEquals("content_block"u8))
            {
                (e.HasBlock, e.BlockType, e.BlockId, e.BlockName, e.BlockText) = (true, null, null, null, null);
                if (JsonTokens.StartObject(ref reader))
                {
                    ReadBlock(ref reader, ref e);
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                e.HasUsage = true;
                e.Usage = ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                (e.MessageId, e.MessageModel, e.HasMessageUsage, e.MessageUsage) = (null, null, false, null);
                e.HasMessage = JsonTokens.StartObject(ref reader);
                if (e.HasMessage)
                {
                    ReadMessage(ref reader, ref e);
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                (e.ErrorType, e.ErrorMessage) = (null, null);
                if (JsonTokens.StartObject(ref reader))
                {
                    ReadError(ref reader, ref e);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        JsonTokens.End(ref reader);
        return Apply(ref e);
    }

    private static Kind ReadKind(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return Kind.Other;
        }

        return reader.ValueTextEquals("content_block_delta"u8) ? Kind.ContentBlockDelta
            : reader.ValueTextEquals("content_block_start"u8) ? Kind.ContentBlockStart
            : reader.ValueTextEquals("message_start"u8) ? Kind.MessageStart
            : reader.ValueTextEquals("message_delta"u8) ? Kind.MessageDelta
            : reader.ValueTextEquals("message_stop"u8) ? Kind.MessageStop
            : reader.ValueTextEquals("error"u8) ? Kind.Error
            : Kind.Other; // ping, content_block_stop, and events added later
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ref Event e)
    {
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                e.DeltaType = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                e.Text = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("partial_json"u8))
            {
                e.PartialJson = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                e.Thinking = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("stop_reason"u8))
            {
                e.StopReason = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("stop_sequence"u8))
            {
                e.StopSequence = JsonTokens.ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadBlock(ref Utf8JsonReader reader, ref Event e)
    {
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                e.BlockType = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                e.BlockId = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                e.BlockName = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                e.BlockText = JsonTokens.ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadMessage(ref Utf8JsonReader reader, ref Event e)
    {
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                e.MessageId = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                e.MessageModel = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                e.HasMessageUsage = true;
                e.MessageUsage = ReadUsage(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadError(ref Utf8JsonReader reader, ref Event e)
    {
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                e.ErrorType = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                e.ErrorMessage = JsonTokens.ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Reads a <c>usage</c> value: its counts, or null when it is not an object.</summary>
    private static AnthropicUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return null;
        }

        long? input = null, cacheRead = null, cacheWrite = null, output = null;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("output_tokens"u8))
            {
                output = JsonTokens.ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("input_tokens"u8))
            {
                input = JsonTokens.ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                cacheRead = JsonTokens.ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                cacheWrite = JsonTokens.ReadCount(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new AnthropicUsage(input, cacheRead, cacheWrite, output);
    }

    private ChatResponseUpdate? Apply(ref Event e)
    {
        switch (e.Kind)
        {
            case Kind.ContentBlockDelta:
                if (!e.HasDelta)
                {
                    throw new JsonException("A content_block_delta event has no 'delta'.");
                }

                switch (e.DeltaType)
                {
                    case "text_delta":
                        return Update(new ChatResponseUpdate(ChatRole.Assistant, e.Text));
                    case "thinking_delta":
                        return Update(new ChatResponseUpdate { Contents = [new TextReasoningContent(e.Thinking)] });
                    case "input_json_delta":
                        var index = e.Index ?? throw new JsonException("An input_json_delta event has no 'index'.");
                        if (!_toolIndexByBlock.TryGetValue(index, out var tool))
                        {
                            throw new JsonException($"input_json_delta for block {index}, which is not a tool_use block.");
                        }

                        return Update(new ChatResponseUpdate
                        {
                            Contents = [new FunctionCallUpdateContent(tool) { ArgumentsFragment = e.PartialJson }],
                        });
                    default:
                        return null;
                }

            case Kind.MessageStart:
                if (!e.HasMessage)
                {
                    throw new JsonException("A message_start event has no 'message' object.");
                }

                _id = e.MessageId;
                _model = e.MessageModel;
                var started = new ChatResponseUpdate { Role = ChatRole.Assistant };
                if (e.HasMessageUsage)
                {
                    // Passed on at once: Anthropic bills the input even if the stream dies before message_delta, and
                    // the ledger takes the last usage of a stream as its total. Marked as running, so that budgets and
                    // rate limits do not settle an abandoned stream at its first output token.
                    _usage = Merge(e.MessageUsage, null);
                    started.Contents.Add(new UsageContent(_usage));
                    started.AdditionalProperties = new() { [ChatContentProperties.RunningUsage] = true };
                }

                return Update(started);

            case Kind.ContentBlockStart:
                if (!e.HasBlock)
                {
                    throw new JsonException("A content_block_start event has no 'content_block'.");
                }

                if (e.BlockType == "tool_use")
                {
                    var toolIndex = _toolIndexByBlock.Count;
                    _toolIndexByBlock[e.Index ?? throw new JsonException("A tool_use block has no 'index'.")] = toolIndex;
                    return Update(new ChatResponseUpdate
                    {
                        Contents = [new FunctionCallUpdateContent(toolIndex) { CallId = e.BlockId, Name = e.BlockName, ArgumentsFragment = string.Empty }],
                    });
                }

                return e.BlockText is { Length: > 0 } initial ? Update(new ChatResponseUpdate(ChatRole.Assistant, initial)) : null;

            case Kind.MessageDelta:
                if (e.HasUsage)
                {
                    _usage = Merge(e.Usage, _usage);
                }

                var update = new ChatResponseUpdate
                {
                    FinishReason = AnthropicStopReasons.Read(e.StopReason),
                    AdditionalProperties = AnthropicResponseReader.StopDetails(e.StopReason, e.StopSequence),
                };
                if (_usage is not null)
                {
                    update.Contents.Add(new UsageContent(_usage));
                }

                return Update(update);

            case Kind.MessageStop:
                Completed = true;
                return null;

            case Kind.Error:
                throw new AnthropicStreamException(e.ErrorType ?? "error", e.ErrorMessage ?? "no message");

            default:
                return null;
        }
    }

    // A usage value that is not an object adds nothing, as AnthropicResponseReader.ReadUsage treats it.
    private static UsageDetails Merge(AnthropicUsage? usage, UsageDetails? earlier) =>
        usage is { } counts ? AnthropicResponseReader.Merge(counts, earlier) : earlier ?? new UsageDetails();

    private ChatResponseUpdate Update(ChatResponseUpdate update)
    {
        update.ResponseId = _id;
        update.ModelId = _model;
        return update;
    }

    /// <summary>
    /// The fields of one event that any event type uses. A <c>delta</c> or <c>content_block</c> that is present but not
    /// an object reads as one without fields (the event then shows nothing), as the document lookups read it; one that
    /// is missing is an error.
    /// </summary>
    private struct Event
    {
        public Kind Kind;
        public int? Index;
        public bool HasDelta;
        public string? DeltaType;
        public string? Text;
        public string? Thinking;
        public string? PartialJson;
        public string? StopReason;
        public string? StopSequence;
        public bool HasBlock;
        public string? BlockType;
        public string? BlockId;
        public string? BlockName;
        public string? BlockText;
        public bool HasMessage;
        public string? MessageId;
        public string? MessageModel;
        public bool HasMessageUsage;
        public AnthropicUsage? MessageUsage;
        public bool HasUsage;
        public AnthropicUsage? Usage;
        public string? ErrorType;
        public string? ErrorMessage;
    }
}
