namespace Switchboard.Server.Conversations;

/// <summary>The body of <c>POST /api/v1/conversations/{id}/messages</c>.</summary>
internal sealed class PostMessageRequest
{
    /// <summary>Gets or sets the user's message. Required.</summary>
    public string? Content { get; set; }

    /// <summary>Gets or sets a model for this reply only; defaults to the conversation's.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the sampling temperature (0 to 2).</summary>
    public float? Temperature { get; set; }

    /// <summary>Gets or sets the most tokens the reply may use.</summary>
    public int? MaxTokens { get; set; }
}
