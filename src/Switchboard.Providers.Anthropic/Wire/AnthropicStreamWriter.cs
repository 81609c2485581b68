using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>
/// Writes a stream of <see cref="ChatResponseUpdate"/>s as Anthropic Messages stream events. Content blocks are
/// sequential, as the format requires: a text block or a tool_use block is opened, receives its deltas and is stopped
/// before the next opens. The first tool call's fragments are forwarded as they arrive. The OpenAI format never says
/// when a call is complete and may interleave calls, so any further call is held and written whole at the end of the
/// stream, each in its own block; a call's arguments are only usable once complete anyway.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The JSON writer writes to a buffer writer: disposing of it only flushes, which every event does.")]
public sealed class AnthropicStreamWriter
{
    private readonly Action<string, ReadOnlyMemory<byte>> _emit;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private Utf8JsonWriter? _writer;
    private readonly Dictionary<int, PendingTool> _pending = [];
    private readonly string _id;
    private readonly string _model;
    private int _nextBlock;
    private string? _openKind; // "text", "tool" or null
    private int _openTool = -1;
    private UsageDetails? _usage;
    private ChatFinishReason? _finish;
    private AdditionalPropertiesDictionary? _stopDetails;

    /// <summary>Initializes a new instance of the <see cref="AnthropicStreamWriter"/> class.</summary>
    /// <param name="id">The message id.</param>
    /// <param name="model">The model named in <c>message_start</c>.</param>
    /// <param name="emit">Receives each event's name and JSON data, in order.</param>
    public AnthropicStreamWriter(string id, string model, Action<string, ReadOnlyMemory<byte>> emit)
    {
        _id = id;
        _model = model;
        _emit = emit;
    }

    /// <summary>Writes <c>message_start</c>, with the input usage of <paramref name="first"/> (the stream's first update) when it has one, as Anthropic's own stream does.</summary>
    public void Start(ChatResponseUpdate? first = null)
    {
        UsageDetails? usage = null;
        if (first is not null)
        {
            foreach (var content in first.Contents)
            {
                if (content is UsageContent { Details: var details })
                {
                    usage = details;
                }
            }
        }

        Emit("message_start", w =>
        {
            w.WriteString("type", "message_start");
            w.WriteStartObject("message");
            w.WriteString("id", _id);
            w.WriteString("type", "message");
            w.WriteString("role", "assistant");
            w.WriteStartArray("content");
            w.WriteEndArray();
            w.WriteString("model", _model);
            w.WriteNull("stop_reason");
            w.WriteNull("stop_sequence");
            AnthropicResponseWriter.WriteUsage(w, usage, includeInput: true);
            w.WriteEndObject();
        });
    }

    /// <summary>Writes the events for one update.</summary>
    public void Write(ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text:
                    if (_openKind != "text")
                    {
                        CloseBlock();
                        OpenText();
                    }

                    Emit("content_block_delta", w =>
                    {
                        w.WriteString("type", "content_block_delta");
                        w.WriteNumber("index", _nextBlock - 1);
                        w.WriteStartObject("delta");
                        w.WriteString("type", "text_delta");
                        w.WriteString("text", text.Text);
                        w.WriteEndObject();
                    });
                    break;
                case FunctionCallUpdateContent fragment:
                    WriteFragment(fragment);
                    break;
                case FunctionCallContent call:
                    CloseBlock();
                    OpenTool(call.CallId, call.Name);
                    InputDelta(ToolCallArguments.GetJson(call));
                    CloseBlock();
                    break;
                case UsageContent usage:
                    _usage = usage.Details;
                    break;
            }
        }

        _finish = update.FinishReason ?? _finish;
        if (update.AdditionalProperties?.ContainsKey(AnthropicWireProperties.StopReason) == true)
        {
            _stopDetails = update.AdditionalProperties;
        }
    }

    /// <summary>Closes the open block, writes held tool calls, then <c>message_delta</c> and <c>message_stop</c>.</summary>
    public void Complete()
    {
        CloseBlock();
        foreach (var (_, tool) in _pending.OrderBy(p => p.Key))
        {
            OpenTool(tool.CallId, tool.Name);
            InputDelta(tool.Arguments.ToString());
            CloseBlock();
        }

        _pending.Clear();
        Emit("message_delta", w =>
        {
            w.WriteString("type", "message_delta");
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", AnthropicResponseWriter.StopReason(_finish, _stopDetails) ?? "end_turn");
            AnthropicResponseWriter.WriteStopSequence(w, _stopDetails);
            w.WriteEndObject();
            AnthropicResponseWriter.WriteUsage(w, _usage, includeInput: false);
        });
        Emit("message_stop", w => w.WriteString("type", "message_stop"));
    }

    /// <summary>Writes an <c>error</c> event (the stream then ends without <c>message_stop</c>).</summary>
    public void Error(string type, string message)
    {
        Emit("error", w =>
        {
            w.WriteString("type", "error");
            w.WriteStartObject("error");
            w.WriteString("type", type);
            w.WriteString("message", message);
            w.WriteEndObject();
        });
    }

    private void WriteFragment(FunctionCallUpdateContent fragment)
    {
        if (_openKind == "tool" && fragment.Index == _openTool)
        {
            InputDelta(fragment.ArgumentsFragment);
            return;
        }

        if (_openKind != "tool" && fragment.CallId is not null && !_pending.ContainsKey(fragment.Index) && _pending.Count == 0)
        {
            CloseBlock();
            OpenTool(fragment.CallId, fragment.Name);
            _openTool = fragment.Index;
            InputDelta(fragment.ArgumentsFragment);
            return;
        }

        // Another call is streaming: hold this one until the block before it is stopped.
        if (!_pending.TryGetValue(fragment.Index, out var pending))
        {
            _pending[fragment.Index] = pending = new PendingTool();
        }

        pending.CallId ??= fragment.CallId;
        pending.Name ??= fragment.Name;
        pending.Arguments.Append(fragment.ArgumentsFragment);
    }

    private void OpenText()
    {
        Emit("content_block_start", w =>
        {
            w.WriteString("type", "content_block_start");
            w.WriteNumber("index", _nextBlock);
            w.WriteStartObject("content_block");
            w.WriteString("type", "text");
            w.WriteString("text", string.Empty);
            w.WriteEndObject();
        });
        _nextBlock++;
        _openKind = "text";
    }

    private void OpenTool(string? id, string? name)
    {
        Emit("content_block_start", w =>
        {
            w.WriteString("type", "content_block_start");
            w.WriteNumber("index", _nextBlock);
            w.WriteStartObject("content_block");
            w.WriteString("type", "tool_use");
            w.WriteString("id", id ?? $"toolu_{_nextBlock}");
            w.WriteString("name", name ?? string.Empty);
            w.WriteStartObject("input");
            w.WriteEndObject();
            w.WriteEndObject();
        });
        _nextBlock++;
        _openKind = "tool";
    }

    private void InputDelta(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return;
        }

        Emit("content_block_delta", w =>
        {
            w.WriteString("type", "content_block_delta");
            w.WriteNumber("index", _nextBlock - 1);
            w.WriteStartObject("delta");
            w.WriteString("type", "input_json_delta");
            w.WriteString("partial_json", json);
            w.WriteEndObject();
        });
    }

    private void CloseBlock()
    {
        if (_openKind is null)
        {
            return;
        }

        Emit("content_block_stop", w =>
        {
            w.WriteString("type", "content_block_stop");
            w.WriteNumber("index", _nextBlock - 1);
        });
        _openKind = null;
        _openTool = -1;
    }

    private void Emit(string name, Action<Utf8JsonWriter> body)
    {
        _buffer.ResetWrittenCount();

        // One JSON writer for the stream, pointed at the buffer again for each event.
        var writer = _writer ??= new Utf8JsonWriter(_buffer, AnthropicResponseWriter.WriterOptions);
        writer.Reset(_buffer);
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        writer.Flush();
        _emit(name, _buffer.WrittenMemory);
    }

    private sealed class PendingTool
    {
        public string? CallId { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
