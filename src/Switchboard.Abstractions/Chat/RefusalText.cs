using Microsoft.Extensions.AI;

namespace Switchboard.Abstractions.Chat;

/// <summary>Text contents that carry a model's refusal (<see cref="ChatContentProperties.Refusal"/>).</summary>
public static class RefusalText
{
    /// <summary>Creates the text content of a refusal.</summary>
    public static TextContent Create(string text) =>
        new(text) { AdditionalProperties = new() { [ChatContentProperties.Refusal] = true } };

    /// <summary>Returns whether a text content is a refusal; the common case, no additional properties, costs a null check.</summary>
    public static bool IsRefusal(TextContent content) =>
        content.AdditionalProperties is { } properties && properties.TryGetValue(ChatContentProperties.Refusal, out var value) && value is true;
}
