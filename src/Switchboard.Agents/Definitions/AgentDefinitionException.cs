namespace Switchboard.Agents.Definitions;

/// <summary>An agent file or definition is invalid; the message names the file and the field.</summary>
public sealed class AgentDefinitionException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AgentDefinitionException"/> class.</summary>
    public AgentDefinitionException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentDefinitionException"/> class.</summary>
    public AgentDefinitionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentDefinitionException"/> class.</summary>
    public AgentDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets every problem found, each as <c>file: field: problem</c>.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
