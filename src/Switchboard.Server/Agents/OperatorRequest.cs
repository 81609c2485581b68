namespace Switchboard.Server.Agents;

/// <summary>An operator's action on a handoff queue item.</summary>
public sealed class OperatorRequest
{
    /// <summary>Gets or sets the operator's name.</summary>
    public string? Operator { get; set; }

    /// <summary>Gets or sets the text: the reply to the customer, or the internal note.</summary>
    public string? Content { get; set; }
}
