namespace Switchboard.Abstractions.Access;

/// <summary>Filters a listing of the audit log (newest first).</summary>
/// <param name="TenantId">Only this tenant's records; null for all (and records with no tenant).</param>
/// <param name="Action">Only this action, or actions starting with it when it ends with <c>.</c> (e.g. <c>key.</c>).</param>
/// <param name="Actor">Only this actor.</param>
/// <param name="From">Only records at or after this time.</param>
/// <param name="To">Only records before this time.</param>
/// <param name="Limit">At most this many.</param>
/// <param name="Cursor">The id of the last record of the previous page.</param>
public sealed record AuditQuery(
    string? TenantId,
    string? Action,
    string? Actor,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Limit,
    string? Cursor);
