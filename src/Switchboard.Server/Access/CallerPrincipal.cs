using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Conversations;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Server.Access;

/// <summary>The authenticated caller of a request.</summary>
internal sealed record CallerPrincipal
{
    /// <summary>Gets the tenant.</summary>
    public required string TenantId { get; init; }

    /// <summary>Gets the key id, or null for a JWT caller or when authentication is off.</summary>
    public string? KeyId { get; init; }

    /// <summary>Gets a name for logs and operator replies: the user, else the key's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the user.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the team.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets the roles.</summary>
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>Gets what the roles allow.</summary>
    public required Permission Permissions { get; init; }

    /// <summary>Gets the key's allowances and limits.</summary>
    public ApiKeySettings Settings { get; init; } = new();

    /// <summary>Gets when the caller's key stops working; null for a key without expiry, or a token.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets a value indicating whether the caller is an admin of the root tenant, who may manage other tenants' keys.</summary>
    public bool IsRootAdmin { get; init; }

    /// <summary>Gets the owner id stamped on the conversations the caller creates.</summary>
    public string OwnerId => UserId ?? (KeyId is null ? Name : $"key:{KeyId}");

    /// <summary>Gets a value indicating whether the caller sees all of its tenant's conversations (admins and operators).</summary>
    public bool SeesWholeTenant => Roles.Contains(Abstractions.Access.Roles.Admin) || Roles.Contains(Abstractions.Access.Roles.Operator);

    /// <summary>Gets the conversations the caller may see.</summary>
    public ConversationScope ConversationScope => new(TenantId, SeesWholeTenant ? null : OwnerId);

    /// <summary>
    /// Gets the id the caller's request and token limits are counted under: its key, or for a caller without one (a JWT,
    /// or anyone when authentication is off) its token, as if it were a key.
    /// </summary>
    public string RateLimitCredential => KeyId ?? $"jwt:{TenantId}/{Name}";

    /// <summary>Gets the actor recorded in the audit log.</summary>
    public string Actor => KeyId ?? $"jwt:{Name}";

    /// <summary>Gets whether the caller has <paramref name="permission"/>.</summary>
    public bool Has(Permission permission) => (Permissions & permission) == permission;

    /// <summary>Gets whether the caller may name <paramref name="model"/> (a model, route or policy).</summary>
    public bool MayUseModel(string? model) =>
        Settings.AllowedModels.Count == 0 || (model is not null && Settings.AllowedModels.Contains(model, StringComparer.OrdinalIgnoreCase));

    /// <summary>Gets whether the caller may converse with <paramref name="agent"/>.</summary>
    public bool MayUseAgent(string? agent) =>
        Settings.AllowedAgents.Count == 0 || (agent is not null && Settings.AllowedAgents.Contains(agent, StringComparer.OrdinalIgnoreCase));

    /// <summary>The context model calls made for this caller are charged to.</summary>
    public ModelCallContext ToCallContext() => new()
    {
        TenantId = TenantId,
        KeyId = KeyId,
        UserId = UserId,
        TeamId = TeamId,
        RateLimitCredential = KeyId is null ? RateLimitCredential : null,
        Budgets = Settings.Budgets,
        MaxCostPerRequest = Settings.MaxCostPerRequestUsd,
    };
}
