using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Agents.Runtime;

/// <summary>Collects one streamed model response: its text, tool calls, usage, finish reason and decision metadata.</summary>
internal sealed class ModelTurn
{
    private readonly StringBuilder _text = new();
    private readonly StreamingToolCallAssembler _fragments = new();
    private readonly List<FunctionCallContent> _calls = [];

    public string Text => _text.ToString();

    public UsageDetails? Usage { get; private set; }

    public string? FinishReason { get; private set; }

    public JsonElement? Metadata { get; private set; }

    /// <summary>Gets the model that answered, as the pipeline reported it (for a route, the target that served).</summary>
    public string? ModelId { get; private set; }

    /// <summary>Gets the provider that answered, as the pipeline reported it.</summary>
    public string? Provider { get; private set; }

    public IReadOnlyList<FunctionCallContent> Calls => _fragments.HasCalls ? [.. _calls, .. _fragments.Build()] : _calls;

    /// <summary>Adds an update; returns its text, if any, for streaming on.</summary>
    public string? Add(ChatResponseUpdate update)
    {
        string? text = null;
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } piece:
                    _text.Append(piece.Text);
                    text = text is null ? piece.Text : text + piece.Text;
                    break;
                case FunctionCallUpdateContent fragment:
                    _fragments.Add(fragment);
                    break;
                case FunctionCallContent call:
                    _calls.Add(call);
                    break;
                case UsageContent usage:
                    Usage = usage.Details;
                    break;
            }
        }

        ModelId = update.ModelId ?? ModelId;
        if (Provider is null && update.AdditionalProperties?.TryGetValue(ChatContentProperties.Provider, out var provider) == true && provider is string name)
        {
            Provider = name;
        }

        if (update.FinishReason is { } finish)
        {
            FinishReason = finish.Value;
        }

        if (update.AdditionalProperties?.TryGetValue(ChatContentProperties.Metadata, out var metadata) == true && metadata is JsonElement element)
        {
            Metadata = element;
        }

        return text;
    }

    /// <summary>Whether the model declined to answer (the built-in engine's out-of-scope path), and its confidence.</summary>
    public (bool Declined, double? Confidence) Decision()
    {
        if (Metadata is not { ValueKind: JsonValueKind.Object } metadata)
        {
            return (false, null);
        }

        var declined = metadata.TryGetProperty("out_of_scope", out var oos) && oos.ValueKind == JsonValueKind.True;
        double? confidence = metadata.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : null;
        return (declined, confidence);
    }
}
