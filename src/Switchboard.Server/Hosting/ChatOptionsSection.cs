namespace Switchboard.Server.Hosting;

/// <summary>Chat settings (section <c>Switchboard:Chat</c>).</summary>
public sealed class ChatOptionsSection
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:Chat";

    /// <summary>Gets or sets the model used by conversations that name none (<c>provider:model</c>).</summary>
    /// <value>The default is none: a conversation or its message must name a model.</value>
    public string? DefaultModel { get; set; }

    /// <summary>Gets or sets how many of the latest stored messages are sent to the model as history.</summary>
    /// <value>The default is 100.</value>
    public int MaxHistoryMessages { get; set; } = 100;
}
