namespace Switchboard.Server.Access;

/// <summary>The request carries no valid credentials (401) or lacks a permission (403).</summary>
internal sealed class AccessDeniedException : Exception
{
    public AccessDeniedException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    /// <summary>Gets the HTTP status: 401 or 403.</summary>
    public int Status { get; }

    /// <summary>Gets the machine-readable code, e.g. <c>invalid_api_key</c>.</summary>
    public string Code { get; }
}
