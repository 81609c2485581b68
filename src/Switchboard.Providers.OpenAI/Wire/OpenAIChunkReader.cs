using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Json;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>
/// Reads the <c>chat.completion.chunk</c> objects of one stream into <see cref="ChatResponseUpdate"/>s, each in one
/// forward pass over its UTF-8 bytes (see <see cref="JsonTokens"/> for how lenient it is). A stream repeats the same id
/// and model in every chunk; the reader keeps the strings of the last chunk and reuses them while the bytes match.
/// </summary>
public sealed class OpenAIChunkReader
{
    private CachedString _id;
    private CachedString _model;

    /// <summary>The ids of the tool calls that came without an <c>index</c>, in order; their position is their index.</summary>
    private List<string?>? _unindexedCalls;

    /// <summary>Reads one chunk.</summary>
    /// <param name="utf8">The data of one event.</param>
    /// <param name="update">The chunk's update, when the method returns <see langword="true"/>.</param>
    /// <returns>
    /// <see langword="false"/> when the object has an <c>error</c> property: the upstream reported an error in the stream
    /// (read it with <see cref="OpenAIErrorReader"/>).
    /// </returns>
    /// <exception cref="JsonException">The data is not JSON, or not of the documented shape.</exception>
    public bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out ChatResponseUpdate? update)
    {
        try
        {
            update = Read(utf8);
            return update is not null;
        }
        catch (InvalidOperationException exception)
        {
            throw JsonTokens.Malformed(exception);
        }
    }

    /// <summary>Reads one chunk; null for an error object.</summary>
    private ChatResponseUpdate? Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The stream chunk is not a JSON object.");
        }

        string? id = null;
        string? model = null;
        long? created = null;
        UsageDetails? usage = null;
        var delta = default(Delta);
        var error = false;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                delta = ReadFirstChoice(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = _id.Read(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                model = _model.Read(ref reader);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                created = JsonTokens.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                usage = OpenAIChatResponseReader.ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                // The rest is read too: a chunk cut off inside its error is malformed, as any other chunk would be.
                error = true;
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }

        JsonTokens.End(ref reader);
        if (error)
        {
            return null;
        }

        // Azure OpenAI opens a stream with a chunk whose id and model are "" and whose created is 0 (its prompt filter
        // results): those say nothing, and would otherwise become the id and time of every chunk sent on.
        var update = new ChatResponseUpdate
        {
            ResponseId = id is { Length: > 0 } ? id : null,
            ModelId = model is { Length: > 0 } ? model : null,
            CreatedAt = OpenAIChatResponseReader.CreatedAt(created is > 0 ? created : null),
            FinishReason = delta.FinishReason,
        };
        if (delta.Role is { } role)
        {
            update.Role = role;
        }

        // The order of the old JsonDocument reader, whatever the order of the fields.
        if (delta.Reasoning is { Length: > 0 } reasoning)
        {
            update.Contents.Add(new TextReasoningContent(reasoning));
        }

        if (delta.Text is { Length: > 0 } text)
        {
            update.Contents.Add(new TextContent(text));
        }

        if (delta.Refusal is { Length: > 0 } refusal)
        {
            update.Contents.Add(RefusalText.Create(refusal));
        }

        if (delta.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                update.Contents.Add(call);
            }
        }

        if (usage is not null)
        {
            update.Contents.Add(new UsageContent(usage));
        }

        return update;
    }

    /// <summary>Reads a <c>choices</c> value: what its first choice says (nothing when it is not a non-empty array).</summary>
    private Delta ReadFirstChoice(ref Utf8JsonReader reader)
    {
        var delta = default(Delta);
        if (!JsonTokens.StartArray(ref reader))
        {
            return delta;
        }

        var first = true;
        while (JsonTokens.NextElement(ref reader))
        {
            if (!first)
            {
                reader.Skip();
                continue;
            }

            first = false;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A choice is not a JSON object.");
            }

            while (JsonTokens.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    var finish = delta.FinishReason;
                    delta = ReadDelta(ref reader);
                    delta.FinishReason = finish;
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    delta.FinishReason = OpenAIChatResponseReader.ReadFinishReason(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return delta;
    }

    private Delta ReadDelta(ref Utf8JsonReader reader)
    {
        var delta = default(Delta);
        if (!JsonTokens.StartObject(ref reader))
        {
            return delta;
        }

        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("content"u8))
            {
                delta.Text = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                delta.ToolCalls = ReadToolCalls(ref reader);
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                delta.Role = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueTextEquals("assistant"u8) ? ChatRole.Assistant
                    : JsonTokens.GetString(ref reader) is { } role && !string.IsNullOrWhiteSpace(role) ? new ChatRole(role) // a blank role is no role
                    : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                delta.Reasoning = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                delta.Refusal = JsonTokens.ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return delta;
    }

    private List<FunctionCallUpdateContent>? ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (!JsonTokens.StartArray(ref reader))
        {
            return null;
        }

        var calls = new List<FunctionCallUpdateContent>();
        while (JsonTokens.NextElement(ref reader))
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A tool call is not a JSON object.");
            }

            int? index = null;
            string? id = null;
            string? name = null;
            string? arguments = null;
            while (JsonTokens.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("function"u8))
                {
                    (name, arguments) = JsonTokens.StartObject(ref reader) ? OpenAIChatResponseReader.ReadFunction(ref reader) : (null, null);
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    index = JsonTokens.ReadInt64(ref reader) is { } value and >= 0 and <= int.MaxValue ? (int)value : null;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    id = JsonTokens.ReadString(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            calls.Add(new FunctionCallUpdateContent(index ?? UnindexedCall(id, name)) { CallId = id, Name = name, ArgumentsFragment = arguments });
        }

        return calls;
    }

    /// <summary>
    /// The index of a tool call that came without one, as some OpenAI-compatible servers send them (Gemini's sends
    /// each parallel call in a chunk of its own). A call with a new id, or a name, starts the next call; a call with
    /// a known id is that call; an arguments fragment with neither continues the latest call. The position in the
    /// chunk, the earlier rule, gave calls in separate chunks the same index, so clients merged them into one.
    /// </summary>
    private int UnindexedCall(string? id, string? name)
    {
        var calls = _unindexedCalls ??= [];
        if (id is not null && calls.IndexOf(id) is var known and >= 0)
        {
            return known;
        }

        if (id is null && name is null && calls.Count > 0)
        {
            return calls.Count - 1;
        }

        calls.Add(id);
        return calls.Count - 1;
    }

    /// <summary>What the first choice of a chunk says.</summary>
    private struct Delta
    {
        public ChatRole? Role;
        public string? Text;
        public string? Reasoning;
        public string? Refusal;
        public List<FunctionCallUpdateContent>? ToolCalls;
        public ChatFinishReason? FinishReason;
    }

    /// <summary>The last string read for a field, kept with its UTF-8 bytes so that the next chunk can reuse it.</summary>
    private struct CachedString
    {
        private byte[]? _utf8;
        private string? _value;

        /// <summary>Reads the value of the current property as a string, or skips it and returns null.</summary>
        public string? Read(ref Utf8JsonReader reader)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return null;
            }

            if (reader.ValueIsEscaped || reader.HasValueSequence)
            {
                return JsonTokens.GetString(ref reader);
            }

            var bytes = reader.ValueSpan;
            if (_utf8 is null || !bytes.SequenceEqual(_utf8))
            {
                // The string first: if its bytes are bad, the cache keeps the last good pair.
                _value = JsonTokens.GetString(ref reader);
                _utf8 = bytes.ToArray();
            }

            return _value;
        }
    }
}
