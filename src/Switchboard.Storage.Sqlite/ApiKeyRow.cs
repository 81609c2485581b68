using System.Text.Json;
using Switchboard.Abstractions.Access;

namespace Switchboard.Storage.Sqlite;

/// <summary>An <c>api_keys</c> row as Dapper reads it.</summary>
internal sealed class ApiKeyRow
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Prefix { get; set; } = string.Empty;

    public byte[] Salt { get; set; } = [];

    public byte[] Hash { get; set; } = [];

    public string TenantId { get; set; } = string.Empty;

    public string? TeamId { get; set; }

    public string? UserId { get; set; }

    public string Roles { get; set; } = "[]";

    public string Settings { get; set; } = "{}";

    public string Metadata { get; set; } = "{}";

    public long? ExpiresAt { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public long? RevokedAt { get; set; }

    public string? CreatedBy { get; set; }

    public ApiKey ToKey() => new(
        Id,
        Name,
        Prefix,
        TenantId,
        TeamId,
        UserId,
        JsonSerializer.Deserialize(Roles, StorageJsonContext.Default.IReadOnlyListString) ?? [],
        JsonSerializer.Deserialize(Settings, StorageJsonContext.Default.ApiKeySettings) ?? new ApiKeySettings(),
        JsonSerializer.Deserialize(Metadata, StorageJsonContext.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>(),
        ExpiresAt is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null,
        CreatedBy);
}
