namespace Switchboard.Server.Errors;

/// <summary>The request body is larger than <c>Switchboard:Server:MaxRequestBodyBytes</c>.</summary>
internal sealed class PayloadTooLargeException : Exception
{
    public PayloadTooLargeException(long limit)
        : base($"The request body is larger than the limit of {limit} bytes (Switchboard:Server:MaxRequestBodyBytes).")
    {
        Limit = limit;
    }

    public long Limit { get; }
}
