namespace Switchboard.Abstractions.Access;

/// <summary>One entry of the append-only audit log.</summary>
/// <param name="Id">The record id (<c>aud_…</c>, sortable by time).</param>
/// <param name="TenantId">The tenant concerned; null when unknown (a garbled key).</param>
/// <param name="Actor">Who acted: a key id, <c>operator:&lt;name&gt;</c>, or null for an unknown caller.</param>
/// <param name="Action">What happened, e.g. <c>key.create</c>, <c>auth.failure</c>, <c>handoff.claim</c>.</param>
/// <param name="Resource">What it happened to, e.g. a key or conversation id.</param>
/// <param name="Outcome"><c>ok</c>, or why it failed.</param>
/// <param name="Before">The resource before, as JSON; null when not applicable.</param>
/// <param name="After">The resource after, as JSON; null when not applicable.</param>
/// <param name="Ip">The client's address.</param>
/// <param name="UserAgent">The client's User-Agent (truncated).</param>
/// <param name="CreatedAt">When.</param>
public sealed record AuditRecord(
    string Id,
    string? TenantId,
    string? Actor,
    string Action,
    string? Resource,
    string Outcome,
    string? Before,
    string? After,
    string? Ip,
    string? UserAgent,
    DateTimeOffset CreatedAt);
