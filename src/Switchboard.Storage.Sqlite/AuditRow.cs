using Switchboard.Abstractions.Access;

namespace Switchboard.Storage.Sqlite;

/// <summary>An <c>audit_log</c> row as Dapper reads it.</summary>
internal sealed class AuditRow
{
    public string Id { get; set; } = string.Empty;

    public string? TenantId { get; set; }

    public string? Actor { get; set; }

    public string Action { get; set; } = string.Empty;

    public string? Resource { get; set; }

    public string Outcome { get; set; } = "ok";

    public string? Before { get; set; }

    public string? After { get; set; }

    public string? Ip { get; set; }

    public string? UserAgent { get; set; }

    public long CreatedAt { get; set; }

    public AuditRecord ToRecord() => new(
        Id, TenantId, Actor, Action, Resource, Outcome, Before, After, Ip, UserAgent, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
}
