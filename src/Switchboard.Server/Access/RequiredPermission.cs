namespace Switchboard.Server.Access;

/// <summary>Endpoint metadata: the permission a caller needs; <see cref="Anonymous"/> lets anyone in.</summary>
/// <param name="Permission">The permission.</param>
/// <param name="Anonymous">Whether the endpoint needs no credentials at all.</param>
internal sealed record RequiredPermission(Permission Permission, bool Anonymous = false);
