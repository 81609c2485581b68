using Microsoft.Extensions.AI;

namespace Switchboard.Abstractions.Chat;

/// <summary>
/// A fragment of a streamed tool call. Providers that stream tool-call arguments emit these as they arrive so that
/// gateways forward them without buffering; <see cref="StreamingToolCallAssembler"/> folds them into
/// <see cref="FunctionCallContent"/> for consumers that need whole calls.
/// </summary>
public sealed class FunctionCallUpdateContent : AIContent
{
    /// <summary>Initializes a new instance of the <see cref="FunctionCallUpdateContent"/> class.</summary>
    /// <param name="index">The position of the tool call within the response.</param>
    public FunctionCallUpdateContent(int index)
    {
        Index = index;
    }

    /// <summary>Gets the position of the tool call within the response; fragments of one call share it.</summary>
    public int Index { get; }

    /// <summary>Gets or sets the call id; usually present only on the first fragment.</summary>
    public string? CallId { get; set; }

    /// <summary>Gets or sets the function name; usually present only on the first fragment.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the next piece of the JSON arguments text.</summary>
    public string? ArgumentsFragment { get; set; }
}
