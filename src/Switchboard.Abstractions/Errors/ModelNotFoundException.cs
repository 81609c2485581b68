namespace Switchboard.Abstractions.Errors;

/// <summary>A model name did not resolve against the catalog.</summary>
public sealed class ModelNotFoundException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ModelNotFoundException"/> class.</summary>
    public ModelNotFoundException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelNotFoundException"/> class.</summary>
    public ModelNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelNotFoundException"/> class.</summary>
    public ModelNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
