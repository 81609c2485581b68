namespace Switchboard.Server.Conversations;

/// <summary>The body of <c>POST /api/v1/conversations</c>.</summary>
internal sealed class CreateConversationRequest
{
    /// <summary>Gets or sets an optional title (at most 200 characters).</summary>
    public string? Title { get; set; }

    /// <summary>Gets or sets the default model of the conversation (<c>provider:model</c>).</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the agent that answers.</summary>
    public string? Agent { get; set; }

    /// <summary>Gets or sets caller-defined string pairs (at most 16; keys up to 64, values up to 512 characters).</summary>
    public Dictionary<string, string>? Metadata { get; set; }
}
