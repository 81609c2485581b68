namespace Switchboard.Gateway.Catalog;

/// <summary>The model catalog configuration is invalid; the message names every bad field.</summary>
public sealed class CatalogValidationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CatalogValidationException"/> class.</summary>
    public CatalogValidationException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CatalogValidationException"/> class.</summary>
    public CatalogValidationException(string message)
        : this([message])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CatalogValidationException"/> class.</summary>
    public CatalogValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Initializes a new instance of the <see cref="CatalogValidationException"/> class.</summary>
    /// <param name="errors">One entry per problem, each starting with the configuration path of the field.</param>
    public CatalogValidationException(IReadOnlyList<string> errors)
        : base("Invalid model catalog configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors))
    {
        Errors = errors;
    }

    /// <summary>Gets one entry per problem, each starting with the configuration path of the field.</summary>
    public IReadOnlyList<string> Errors { get; }
}
