namespace Switchboard.Agents.Tools;

/// <summary>A tool failure whose message goes back to the model as the tool's result.</summary>
public sealed class ToolException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ToolException"/> class.</summary>
    public ToolException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ToolException"/> class.</summary>
    public ToolException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ToolException"/> class.</summary>
    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
