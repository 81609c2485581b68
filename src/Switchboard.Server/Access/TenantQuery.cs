using Switchboard.Server.Errors;

namespace Switchboard.Server.Access;

/// <summary>
/// The tenant a list or report covers, from its <c>tenant</c> query parameter: the caller's own when it is left out.
/// Only root admins may name another tenant (or <c>*</c>, every tenant, where the list allows it); anyone else naming
/// one is told so with a 403, rather than shown their own data under the other tenant's name.
/// </summary>
internal static class TenantQuery
{
    /// <summary>Resolves the scope; null means every tenant (only when <paramref name="allowEvery"/> and asked for with <c>*</c>).</summary>
    /// <exception cref="ApiValidationException">The parameter is empty or too long.</exception>
    /// <exception cref="AccessDeniedException">It names another tenant and the caller is not a root admin.</exception>
    public static string? Resolve(CallerPrincipal caller, string? tenant, bool allowEvery)
    {
        if (tenant is null)
        {
            return caller.TenantId;
        }

        if (tenant.Length is 0 or > 200)
        {
            throw new ApiValidationException("tenant", "'tenant' must be 1 to 200 characters; leave it out for your own tenant.");
        }

        if (!caller.IsRootAdmin && !string.Equals(tenant, caller.TenantId, StringComparison.Ordinal))
        {
            throw new AccessDeniedException(403, "permission_denied", "Only an admin of the root tenant may name another tenant ('tenant').");
        }

        return allowEvery && tenant == "*" ? null : tenant;
    }
}
