using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>
/// A message content part of a type Switchboard does not model (e.g. <c>input_audio</c>, <c>file</c>), kept as its
/// JSON so that it reaches an OpenAI-compatible upstream unchanged.
/// </summary>
public sealed class RawContentPart : AIContent
{
    /// <summary>Initializes a new instance of the <see cref="RawContentPart"/> class.</summary>
    public RawContentPart(string type, JsonElement json)
    {
        Type = type;
        Json = json;
    }

    /// <summary>Gets the part's <c>type</c>.</summary>
    public string Type { get; }

    /// <summary>Gets the part's JSON.</summary>
    public JsonElement Json { get; }
}
