using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// An upper bound on the prompt tokens of a request, so that a budget reservation is a real worst case.
/// </summary>
/// <remarks>
/// <para>
/// The tokenizers of the hosted models (byte-level BPE: GPT, Llama 3, Qwen, and SentencePiece with byte fallback)
/// start from one token per UTF-8 byte and only ever merge, so a text never has more tokens than UTF-8 bytes. The bound
/// is therefore the UTF-8 byte count of everything the adapters send as text: message text and reasoning text, the
/// author name, function-call names and arguments (the raw JSON when known, otherwise serialized), function results
/// (strings as they are, anything else serialized), the instructions, the response-format schema, and every tool's
/// name, description and JSON schema. JSON is counted with the strictest escaping, which is never shorter than what an
/// adapter writes. The chat template adds a few tokens per message and per tool call, result or declaration
/// (<see cref="PerItemOverhead"/>) and a few per request (<see cref="FixedOverhead"/>).
/// </para>
/// <para>
/// Media (images, audio, files) are tokenized by rules of each provider that do not follow from bytes; each item counts
/// its byte length plus <see cref="MediaAllowance"/> tokens. That is an allowance rather than a proof: a tiny, highly
/// compressed image on a model that bills images at a multiplier, or media the provider fetches by URI (counted by the
/// allowance alone), can exceed it; the settlement then charges the excess (counted as an overrun). Byte counts are
/// taken without allocating strings. See docs/design/budgets.md.
/// </para>
/// </remarks>
public static class PromptTokenEstimator
{
    /// <summary>Tokens added for each message, tool call, tool result and tool declaration (role and separators).</summary>
    public const int PerItemOverhead = 8;

    /// <summary>Tokens added once per request (the assistant's priming and the template's framing).</summary>
    public const int FixedOverhead = 16;

    /// <summary>Tokens allowed for each media item beyond its byte length.</summary>
    public const int MediaAllowance = 2048;

    // The strictest escaping: every non-ASCII character as \uXXXX, so no adapter's JSON is longer than what is counted.
    private static readonly JsonSerializerOptions s_countingOptions = new(AIJsonUtilities.DefaultOptions) { Encoder = JavaScriptEncoder.Default };

    // Indented exactly as the serializer options say (a writer ignores them), so the layout matches the adapters'.
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = JavaScriptEncoder.Default,
        Indented = s_countingOptions.WriteIndented,
        IndentCharacter = s_countingOptions.IndentCharacter,
        IndentSize = s_countingOptions.IndentSize,
        NewLine = s_countingOptions.NewLine,
        SkipValidation = true,
    };

    /// <summary>Returns an upper bound on the prompt tokens of <paramref name="messages"/> sent with <paramref name="options"/>.</summary>
    public static long EstimateUpperBound(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long tokens = FixedOverhead;
        if (messages is IReadOnlyList<ChatMessage> list)
        {
            // Indexed: a foreach over the list would allocate an enumerator on every call.
            for (var i = 0; i < list.Count; i++)
            {
                tokens += Count(list[i]);
            }
        }
        else
        {
            foreach (var message in messages)
            {
                tokens += Count(message);
            }
        }

        if (options is not null)
        {
            tokens += Bytes(options.Instructions);
            if (options.ResponseFormat is ChatResponseFormatJson format)
            {
                tokens += Bytes(format.SchemaName) + Bytes(format.SchemaDescription);
                if (format.Schema is { } schema)
                {
                    tokens += JsonBytes(schema);
                }
            }

            if (options.Tools is { } tools)
            {
                for (var i = 0; i < tools.Count; i++)
                {
                    var tool = tools[i];
                    tokens += PerItemOverhead + Bytes(tool.Name) + Bytes(tool.Description);
                    if (tool is AIFunctionDeclaration function)
                    {
                        tokens += JsonBytes(function.JsonSchema);
                    }
                }
            }
        }

        return tokens;
    }

    private static long Count(ChatMessage message)
    {
        var tokens = PerItemOverhead + Bytes(message.AuthorName);
        var contents = message.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            tokens += Count(contents[i]);
        }

        return tokens;
    }

    private static long Count(AIContent content) => content switch
    {
        TextContent text => Bytes(text.Text),
        TextReasoningContent reasoning => Bytes(reasoning.Text) + Bytes(reasoning.ProtectedData),
        FunctionCallContent call => PerItemOverhead + Bytes(call.CallId) + Bytes(call.Name) + Arguments(call),
        FunctionResultContent result => PerItemOverhead + Bytes(result.CallId) + Result(result),
        DataContent data => MediaAllowance + data.Data.Length + Bytes(data.Name),
        UriContent uri => MediaAllowance + Bytes(uri.Uri.OriginalString),
        UsageContent => 0,
        _ => MediaAllowance,
    };

    private static long Arguments(FunctionCallContent call)
    {
        if (call.AdditionalProperties?.TryGetValue(ChatContentProperties.RawArguments, out var raw) == true && raw is string text)
        {
            return Bytes(text);
        }

        return call.Arguments is null ? 2 : SerializedBytes(call.Arguments, typeof(IDictionary<string, object?>));
    }

    private static long Result(FunctionResultContent result)
    {
        var exception = result.Exception is { } error ? Bytes(error.Message) : 0;
        return exception + result.Result switch
        {
            null => 0,
            string s => Bytes(s),
            JsonElement element => JsonBytes(element),
            var other => SerializedBytes(other, typeof(object)),
        };
    }

    private static long Bytes(string? text) => string.IsNullOrEmpty(text) ? 0 : Encoding.UTF8.GetByteCount(text);

    private static long JsonBytes(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            return 0;
        }

        var counter = new ByteCounter();
        using (var writer = new Utf8JsonWriter(counter, s_writerOptions))
        {
            element.WriteTo(writer);
        }

        return counter.Count;
    }

    private static long SerializedBytes(object value, Type type)
    {
        var counter = new ByteCounter();
        using (var writer = new Utf8JsonWriter(counter, s_writerOptions))
        {
            JsonSerializer.Serialize(writer, value, s_countingOptions.GetTypeInfo(type));
        }

        return counter.Count;
    }

    /// <summary>A buffer writer that keeps no bytes, only their count (the scratch buffer is reused).</summary>
    private sealed class ByteCounter : IBufferWriter<byte>
    {
        private byte[] _scratch = new byte[256];

        public long Count { get; private set; }

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        private byte[] Scratch(int sizeHint)
        {
            if (sizeHint > _scratch.Length)
            {
                _scratch = new byte[sizeHint];
            }

            return _scratch;
        }
    }
}
