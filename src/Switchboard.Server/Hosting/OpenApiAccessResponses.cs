using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Switchboard.Abstractions.Access;
using Switchboard.Server.Access;

namespace Switchboard.Server.Hosting;

/// <summary>
/// Describes each operation's access rules in the OpenAPI document from the same endpoint metadata the access
/// middleware enforces: anonymous endpoints need no credentials (an empty security list), every other one can answer
/// 401 for missing or invalid credentials and 403 for a key whose roles lack the permission, naming those roles.
/// </summary>
internal static class OpenApiAccessResponses
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // The middleware reads the last RequiredPermission (GetMetadata); an endpoint without one needs every permission.
        var required = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredPermission>().LastOrDefault()
            ?? new RequiredPermission(Permission.All);
        if (required.Anonymous)
        {
            operation.Security = [];
            return Task.CompletedTask;
        }

        var format = context.Description.RelativePath is { } path && path.StartsWith("v1/", StringComparison.OrdinalIgnoreCase)
            ? "an error object in the API's own format"
            : "problem details (RFC 7807)";
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse
        {
            Description = $"No valid credentials: the key or token is missing, unknown, revoked or expired ({format}).",
        });
        if (required.Permission != Permission.None)
        {
            operation.Responses.TryAdd("403", new OpenApiResponse
            {
                Description = $"The caller's roles do not allow this: it needs {WhoMay(required.Permission)} ({format}).",
            });
        }

        return Task.CompletedTask;
    }

    private static string WhoMay(Permission permission)
    {
        if (permission.HasFlag(Permission.ConfigManage))
        {
            return "an admin key of the root tenant";
        }

        var roles = Roles.All.Where(role => RolePermissions.Of(role).HasFlag(permission)).ToList();
        return roles.Count == 1 ? $"the {roles[0]} role" : $"one of the roles {string.Join(", ", roles)}";
    }
}
