namespace Switchboard.Server.Access;

/// <summary>Reads the caller that <see cref="AccessMiddleware"/> authenticated.</summary>
internal static class HttpContextAccessExtensions
{
    /// <summary>Gets the caller of the request.</summary>
    /// <exception cref="InvalidOperationException">The endpoint allows anonymous callers and none was authenticated.</exception>
    public static CallerPrincipal Caller(this HttpContext context) =>
        context.Features.Get<CallerPrincipal>() ?? throw new InvalidOperationException("The request has no authenticated caller.");
}
