namespace Switchboard.Server.Hosting;

/// <summary>The configuration is invalid; the message lists every bad field by its configuration path.</summary>
public sealed class ConfigurationValidationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConfigurationValidationException"/> class.</summary>
    public ConfigurationValidationException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigurationValidationException"/> class.</summary>
    public ConfigurationValidationException(string message)
        : this([message])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigurationValidationException"/> class.</summary>
    public ConfigurationValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigurationValidationException"/> class.</summary>
    /// <param name="errors">One entry per problem, each starting with the configuration path of the field.</param>
    public ConfigurationValidationException(IReadOnlyList<string> errors)
        : base("Invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors))
    {
        Errors = errors;
    }

    /// <summary>Gets one entry per problem, each starting with the configuration path of the field.</summary>
    public IReadOnlyList<string> Errors { get; }
}
