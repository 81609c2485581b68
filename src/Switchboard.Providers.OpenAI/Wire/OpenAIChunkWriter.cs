using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>
/// Writes a stream of <see cref="ChatResponseUpdate"/>s as OpenAI <c>chat.completion.chunk</c> objects, one update at a
/// time. It keeps the per-stream state the format needs: one id and creation time, the assistant role on the first
/// chunk, tool-call indexes, and the usage held back for the final chunk.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The JSON writer writes to a buffer writer: disposing of it only flushes, which every event does.")]
public sealed class OpenAIChunkWriter
{
    // Names and the stream's fixed values are encoded once, not transcoded and checked for escapes in every chunk.
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ObjectName = JsonEncodedText.Encode("object");
    private static readonly JsonEncodedText ChunkObject = JsonEncodedText.Encode("chat.completion.chunk");
    private static readonly JsonEncodedText CreatedName = JsonEncodedText.Encode("created");
    private static readonly JsonEncodedText ModelName = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText ChoicesName = JsonEncodedText.Encode("choices");
    private static readonly JsonEncodedText IndexName = JsonEncodedText.Encode("index");
    private static readonly JsonEncodedText DeltaName = JsonEncodedText.Encode("delta");
    private static readonly JsonEncodedText ContentName = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText LogprobsName = JsonEncodedText.Encode("logprobs");
    private static readonly JsonEncodedText FinishReasonName = JsonEncodedText.Encode("finish_reason");
    private static readonly JsonEncodedText UsageName = JsonEncodedText.Encode("usage");

    private readonly JsonEncodedText _id;
    private readonly long _created;
    private readonly JsonEncodedText _model;
    private readonly bool _includeUsage;
    private Utf8JsonWriter? _writer;
    private bool _roleSent;
    private int _nextWholeCallIndex;
    private int _maxFragmentIndex = -1;

    /// <summary>Initializes a new instance of the <see cref="OpenAIChunkWriter"/> class.</summary>
    /// <param name="id">The id every chunk of this stream carries.</param>
    /// <param name="created">The creation time every chunk carries.</param>
    /// <param name="model">The model every chunk names.</param>
    /// <param name="includeUsage">
    /// Whether to emit the final usage chunk (<c>stream_options.include_usage</c>), and <c>"usage": null</c> on the chunks
    /// before it.
    /// </param>
    public OpenAIChunkWriter(string id, DateTimeOffset created, string model, bool includeUsage)
    {
        _id = Encode(id);
        _created = created.ToUnixTimeSeconds();
        _model = Encode(model);
        _includeUsage = includeUsage;
    }

    /// <summary>Gets the usage reported by the stream so far.</summary>
    public UsageDetails? Usage { get; private set; }

    /// <summary>Writes the chunk for one update, if it carries anything the client can see.</summary>
    /// <returns><see langword="true"/> when a chunk was written.</returns>
    public bool WriteUpdate(IBufferWriter<byte> output, ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(update);

        string? text = null;
        string? reasoning = null;
        string? refusal = null;
        var hasToolCalls = false;
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++) // indexed: a foreach over the IList boxes its enumerator per chunk
        {
            switch (contents[i])
            {
                case TextContent t when !string.IsNullOrEmpty(t.Text):
                    if (RefusalText.IsRefusal(t))
                    {
                        refusal = refusal is null ? t.Text : refusal + t.Text;
                    }
                    else
                    {
                        text = text is null ? t.Text : text + t.Text;
                    }

                    break;
                case TextReasoningContent r when !string.IsNullOrEmpty(r.Text):
                    reasoning = reasoning is null ? r.Text : reasoning + r.Text;
                    break;
                case FunctionCallUpdateContent or FunctionCallContent:
                    hasToolCalls = true;
                    break;
                case UsageContent usage:
                    Usage = usage.Details;
                    break;
            }
        }

        var finish = OpenAIFinishReasons.Write(update.FinishReason);
        var metadata = update.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.Metadata) is JsonElement { ValueKind: JsonValueKind.Object } m ? m : (JsonElement?)null;
        if (text is null && reasoning is null && refusal is null && !hasToolCalls && finish is null && metadata is null && _roleSent)
        {
            return false;
        }

        var writer = Writer(output);
        WriteHeader(writer);
        writer.WriteStartArray(ChoicesName);
        writer.WriteStartObject();
        writer.WriteNumber(IndexName, 0);
        writer.WriteStartObject(DeltaName);
        if (!_roleSent)
        {
            writer.WriteString("role", "assistant");
            _roleSent = true;
        }

        if (text is not null)
        {
            writer.WriteString(ContentName, text);
        }

        if (reasoning is not null)
        {
            writer.WriteString("reasoning_content", reasoning);
        }

        if (refusal is not null)
        {
            writer.WriteString("refusal", refusal);
        }

        if (hasToolCalls)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var content in update.Contents)
            {
                if (content is FunctionCallUpdateContent fragment)
                {
                    _maxFragmentIndex = Math.Max(_maxFragmentIndex, fragment.Index);
                    OpenAIChatResponseWriter.WriteToolCall(writer, fragment.CallId, fragment.Name, fragment.ArgumentsFragment, fragment.Index);
                }
                else if (content is FunctionCallContent call)
                {
                    // A whole call from an adapter that does not stream arguments: one chunk carries all of it.
                    var index = Math.Max(_nextWholeCallIndex, _maxFragmentIndex + 1);
                    _nextWholeCallIndex = index + 1;
                    OpenAIChatResponseWriter.WriteToolCall(writer, call.CallId, call.Name, ToolCallArguments.GetJson(call), index);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteNull(LogprobsName);
        if (finish is null)
        {
            writer.WriteNull(FinishReasonName);
        }
        else
        {
            writer.WriteString(FinishReasonName, finish);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        if (_includeUsage)
        {
            // As OpenAI does: with stream_options.include_usage, every chunk before the usage chunk has "usage": null.
            writer.WriteNull(UsageName);
        }

        if (metadata is { } value)
        {
            writer.WritePropertyName("switchboard");
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.Flush();
        return true;
    }

    /// <summary>
    /// Writes the final usage chunk (empty <c>choices</c>) when the client asked for it and the upstream reported usage;
    /// unknown usage is never written as zero.
    /// </summary>
    /// <returns><see langword="true"/> when a chunk was written.</returns>
    public bool WriteUsage(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_includeUsage || Usage is null)
        {
            return false;
        }

        var writer = Writer(output);
        WriteHeader(writer);
        writer.WriteStartArray(ChoicesName);
        writer.WriteEndArray();
        OpenAIChatResponseWriter.WriteUsage(writer, Usage);
        writer.WriteEndObject();
        writer.Flush();
        return true;
    }

    /// <summary>
    /// Encodes a value once for every chunk. Text with a lone surrogate, which <c>WriteString</c> would have written as
    /// U+FFFD, makes <see cref="JsonEncodedText.Encode(string, System.Text.Encodings.Web.JavaScriptEncoder?)"/> throw, so
    /// it is replaced the same way first.
    /// </summary>
    private static JsonEncodedText Encode(string value)
    {
        try
        {
            return JsonEncodedText.Encode(value, WireJson.WriterOptions.Encoder);
        }
        catch (ArgumentException)
        {
            return JsonEncodedText.Encode(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(value)), WireJson.WriterOptions.Encoder);
        }
    }

    /// <summary>The stream's one JSON writer, pointed at this chunk's output (a writer per chunk was 136 B each).</summary>
    private Utf8JsonWriter Writer(IBufferWriter<byte> output)
    {
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(output, WireJson.WriterOptions);
        }
        else
        {
            _writer.Reset(output);
        }

        return _writer;
    }

    private void WriteHeader(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString(IdName, _id);
        writer.WriteString(ObjectName, ChunkObject);
        writer.WriteNumber(CreatedName, _created);
        writer.WriteString(ModelName, _model);
    }
}
