namespace Switchboard.Server.Access;

/// <summary>Declares what an endpoint requires of its caller.</summary>
internal static class AccessEndpointExtensions
{
    /// <summary>Requires <paramref name="permission"/> of the caller.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredPermission(permission));

    /// <summary>Lets callers without credentials in (health checks).</summary>
    public static TBuilder AllowAnonymousCallers<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredPermission(Permission.None, Anonymous: true));
}
