namespace Switchboard.Server.Errors;

/// <summary>A request to the native API failed validation; rendered as a 400 validation problem naming the field.</summary>
internal sealed class ApiValidationException : Exception
{
    public ApiValidationException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public string Field { get; }
}
