using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>
/// Turns Anthropic stream events into <see cref="ChatResponseUpdate"/>s as they arrive. Content-block indexes count
/// text blocks too; tool-use blocks get their own 0, 1, 2 … tool indexes, as OpenAI-style clients expect, and their
/// <c>input_json_delta</c> fragments are forwarded under that index without buffering.
/// </summary>
public sealed class AnthropicStreamState
{
    private readonly Dictionary<int, int> _toolIndexByBlock = [];
    private string? _id;
    private string? _model;
    private UsageDetails? _usage;

    /// <summary>Gets a value indicating whether <c>message_stop</c> was seen.</summary>
    public bool Completed { get; private set; }

    /// <summary>Reads one event's data; returns the update to emit, or null for events with nothing to show.</summary>
    /// <exception cref="AnthropicStreamException">The event is an <c>error</c> event.</exception>
    public ChatResponseUpdate? Read(JsonElement data)
    {
        switch (AnthropicResponseReader.Text(data, "type"))
        {
            case "message_start":
                var message = data.GetProperty("message");
                _id = AnthropicResponseReader.Text(message, "id");
                _model = AnthropicResponseReader.Text(message, "model");
                if (message.TryGetProperty("usage", out var startUsage))
                {
                    _usage = AnthropicResponseReader.ReadUsage(startUsage, null);
                }

                return Update(new ChatResponseUpdate { Role = ChatRole.Assistant });

            case "content_block_start":
                var block = data.GetProperty("content_block");
                if (AnthropicResponseReader.Text(block, "type") == "tool_use")
                {
                    var toolIndex = _toolIndexByBlock.Count;
                    _toolIndexByBlock[data.GetProperty("index").GetInt32()] = toolIndex;
                    return Update(new ChatResponseUpdate
                    {
                        Contents = [new FunctionCallUpdateContent(toolIndex)
                        {
                            CallId = AnthropicResponseReader.Text(block, "id"),
                            Name = AnthropicResponseReader.Text(block, "name"),
                            ArgumentsFragment = string.Empty,
                        }],
                    });
                }

                return AnthropicResponseReader.Text(block, "text") is { Length: > 0 } initial
                    ? Update(new ChatResponseUpdate(ChatRole.Assistant, initial))
                    : null;

            case "content_block_delta":
                var delta = data.GetProperty("delta");
                switch (AnthropicResponseReader.Text(delta, "type"))
                {
                    case "text_delta":
                        return Update(new ChatResponseUpdate(ChatRole.Assistant, AnthropicResponseReader.Text(delta, "text")));
                    case "thinking_delta":
                        return Update(new ChatResponseUpdate { Contents = [new TextReasoningContent(AnthropicResponseReader.Text(delta, "thinking"))] });
                    case "input_json_delta":
                        var index = data.GetProperty("index").GetInt32();
                        if (!_toolIndexByBlock.TryGetValue(index, out var tool))
                        {
                            throw new JsonException($"input_json_delta for block {index}, which is not a tool_use block.");
                        }

                        return Update(new ChatResponseUpdate
                        {
                            Contents = [new FunctionCallUpdateContent(tool) { ArgumentsFragment = AnthropicResponseReader.Text(delta, "partial_json") }],
                        });
                    default:
                        return null;
                }

            case "message_delta":
                if (data.TryGetProperty("usage", out var usage))
                {
                    _usage = AnthropicResponseReader.ReadUsage(usage, _usage);
                }

                var stop = data.TryGetProperty("delta", out var messageDelta) ? AnthropicResponseReader.Text(messageDelta, "stop_reason") : null;
                var update = new ChatResponseUpdate { FinishReason = AnthropicStopReasons.Read(stop) };
                if (_usage is not null)
                {
                    update.Contents.Add(new UsageContent(_usage));
                }

                return Update(update);

            case "message_stop":
                Completed = true;
                return null;

            case "error":
                var error = data.TryGetProperty("error", out var e) ? e : default;
                throw new AnthropicStreamException(
                    AnthropicResponseReader.Text(error, "type") ?? "error",
                    AnthropicResponseReader.Text(error, "message") ?? "no message");

            default:
                return null; // ping, content_block_stop, and events added later
        }
    }

    private ChatResponseUpdate Update(ChatResponseUpdate update)
    {
        update.ResponseId = _id;
        update.ModelId = _model;
        return update;
    }
}
