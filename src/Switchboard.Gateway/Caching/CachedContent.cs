using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// The content types an answer may hold to be cached, how big each is (for the memory bound) and how each is copied,
/// so that a stored answer shares nothing mutable with the answers handed out.
/// </summary>
/// <remarks>
/// Sizes are estimates of the managed memory held: two bytes per character of every string, the bytes of binary data,
/// and a fixed overhead per object (<see cref="ContentOverheadBytes"/>, <see cref="PropertyOverheadBytes"/>).
/// </remarks>
internal static class CachedContent
{
    /// <summary>Bytes counted per content object beyond its strings.</summary>
    public const long ContentOverheadBytes = 64;

    /// <summary>Bytes counted per additional property beyond its key and value.</summary>
    public const long PropertyOverheadBytes = 48;

    /// <summary>
    /// Estimates the size of <paramref name="content"/>. Returns false for a type the cache does not know (such an
    /// answer is not cached) or a function result that cannot be serialized.
    /// </summary>
    public static bool TryEstimate(AIContent content, out long bytes)
    {
        bytes = ContentOverheadBytes + EstimateProperties(content.AdditionalProperties);
        switch (content)
        {
            case TextContent text:
                bytes += Chars(text.Text);
                return true;
            case TextReasoningContent reasoning:
                bytes += Chars(reasoning.Text) + Chars(reasoning.ProtectedData);
                return true;
            case FunctionCallContent call:
                bytes += Chars(call.CallId) + Chars(call.Name) + Chars(ToolCallArguments.GetJson(call));
                return true;
            case FunctionResultContent result:
                if (!TryEstimateValue(result.Result, out var resultBytes))
                {
                    return false;
                }

                bytes += Chars(result.CallId) + resultBytes + Chars(result.Exception?.Message);
                return true;
            case DataContent data:
                bytes += data.Data.Length + Chars(data.MediaType) + Chars(data.Name);
                return true;
            case UriContent uri:
                bytes += Chars(uri.Uri.OriginalString) + Chars(uri.MediaType);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Copies content of a type <see cref="TryEstimate"/> accepted.</summary>
    public static AIContent Copy(AIContent content) => content switch
    {
        TextContent text => new TextContent(text.Text) { AdditionalProperties = text.AdditionalProperties?.Clone() },
        TextReasoningContent reasoning => new TextReasoningContent(reasoning.Text)
        {
            ProtectedData = reasoning.ProtectedData,
            AdditionalProperties = reasoning.AdditionalProperties?.Clone(),
        },
        FunctionCallContent call => new FunctionCallContent(
            call.CallId,
            call.Name,
            call.Arguments is null ? null : new Dictionary<string, object?>(call.Arguments, StringComparer.Ordinal))
        {
            Exception = call.Exception,
            InformationalOnly = call.InformationalOnly,
            AdditionalProperties = call.AdditionalProperties?.Clone(),
        },
        FunctionResultContent result => new FunctionResultContent(result.CallId, result.Result)
        {
            Exception = result.Exception,
            AdditionalProperties = result.AdditionalProperties?.Clone(),
        },
        DataContent data => new DataContent(data.Data.ToArray(), data.MediaType)
        {
            Name = data.Name,
            AdditionalProperties = data.AdditionalProperties?.Clone(),
        },
        UriContent uri => new UriContent(uri.Uri, uri.MediaType) { AdditionalProperties = uri.AdditionalProperties?.Clone() },
        _ => throw new ArgumentException($"Content of type {content.GetType().Name} cannot be cached.", nameof(content)),
    };

    /// <summary>Estimates the size of additional properties: keys, values and a fixed overhead per property.</summary>
    public static long EstimateProperties(IEnumerable<KeyValuePair<string, object?>>? properties)
    {
        if (properties is null)
        {
            return 0;
        }

        long bytes = 0;
        foreach (var (key, value) in properties)
        {
            bytes += PropertyOverheadBytes + Chars(key) + (TryEstimateValue(value, out var valueBytes) ? valueBytes : ContentOverheadBytes);
        }

        return bytes;
    }

    /// <summary>Returns the bytes <paramref name="value"/>'s characters take (two per character).</summary>
    public static long Chars(string? value) => (value?.Length ?? 0) * 2L;

    private static bool TryEstimateValue(object? value, out long bytes)
    {
        switch (value)
        {
            case null:
                bytes = 0;
                return true;
            case string text:
                bytes = Chars(text);
                return true;
            case JsonElement element:
                bytes = Chars(element.GetRawText());
                return true;
            case bool or int or long or double or float or decimal:
                bytes = 16;
                return true;
            default:
                try
                {
                    bytes = Chars(JsonSerializer.Serialize(value, value.GetType(), AIJsonUtilities.DefaultOptions));
                    return true;
                }
                catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
                {
                    bytes = 0;
                    return false;
                }
        }
    }
}
