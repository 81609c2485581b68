using Switchboard.Abstractions.Access;

namespace Switchboard.Server.Access;

/// <summary>A validated key, before it is stored.</summary>
internal sealed record KeyDraft(
    string Name,
    string TenantId,
    string? TeamId,
    string? UserId,
    IReadOnlyList<string> Roles,
    ApiKeySettings Settings,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset? ExpiresAt);
