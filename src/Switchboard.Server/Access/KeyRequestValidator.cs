using System.Buffers;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Access;

/// <summary>Checks a <see cref="KeyRequest"/>, naming the first bad field.</summary>
internal static class KeyRequestValidator
{
    private const int MaxListItems = 50;
    private static readonly SearchValues<char> s_idCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@-");

    /// <summary>Builds a new key from a create request.</summary>
    public static KeyDraft ForCreate(KeyRequest request, CallerPrincipal caller, DateTimeOffset now)
    {
        var name = Name(request.Name) ?? throw new ApiValidationException("name", "'name' is required.");
        var tenant = request.Tenant is null ? caller.TenantId : Id(request.Tenant, "tenant");
        if (!string.Equals(tenant, caller.TenantId, StringComparison.Ordinal) && !caller.IsRootAdmin)
        {
            throw new AccessDeniedException(403, "permission_denied", "Only an admin of the root tenant may create keys for another tenant.");
        }

        var roles = RolesOf(request.Roles) ?? throw new ApiValidationException("roles", $"'roles' is required: one or more of {string.Join(", ", Roles.All)}.");
        var team = request.Team is null ? null : Id(request.Team, "team");
        var user = request.User is null ? null : Id(request.User, "user");
        var settings = Settings(request, new ApiKeySettings());
        RequireOwners(settings.Budgets, team, user, budgetsGiven: true);
        return new KeyDraft(
            name,
            tenant,
            team,
            user,
            roles,
            settings,
            Metadata(request.Metadata) ?? new Dictionary<string, string>(),
            Expiry(request.ExpiresAt, now));
    }

    /// <summary>Applies a PATCH request to a key.</summary>
    public static ApiKey ForUpdate(KeyRequest request, ApiKey key, DateTimeOffset now)
    {
        if (request.Tenant is not null && !string.Equals(request.Tenant, key.TenantId, StringComparison.Ordinal))
        {
            throw new ApiValidationException("tenant", "A key's tenant cannot change; create a key in the other tenant instead.");
        }

        // A field the body names takes its value, null included (a merge patch: null clears); an absent one stays.
        var given = request.Given;
        var updated = key with
        {
            Name = Name(request.Name) ?? key.Name,
            TeamId = given.HasFlag(KeyRequestField.Team) ? (request.Team is null ? null : Id(request.Team, "team")) : key.TeamId,
            UserId = given.HasFlag(KeyRequestField.User) ? (request.User is null ? null : Id(request.User, "user")) : key.UserId,
            Roles = RolesOf(request.Roles) ?? key.Roles,
            Settings = Settings(request, key.Settings),
            Metadata = Metadata(request.Metadata) ?? key.Metadata,
            ExpiresAt = given.HasFlag(KeyRequestField.ExpiresAt) ? (request.ExpiresAt is null ? null : Expiry(request.ExpiresAt, now)) : key.ExpiresAt,
        };
        RequireOwners(updated.Settings.Budgets, updated.TeamId, updated.UserId, budgetsGiven: request.Budgets is not null);
        return updated;
    }

    private static ApiKeySettings Settings(KeyRequest request, ApiKeySettings current) => current with
    {
        AllowedModels = Names(request.AllowedModels, "allowed_models") ?? current.AllowedModels,
        AllowedAgents = Names(request.AllowedAgents, "allowed_agents") ?? current.AllowedAgents,
        RequestsPerMinute = request.Given.HasFlag(KeyRequestField.RequestsPerMinute) ? Positive(request.RequestsPerMinute, "requests_per_minute") : current.RequestsPerMinute,
        TokensPerMinute = request.Given.HasFlag(KeyRequestField.TokensPerMinute) ? Positive(request.TokensPerMinute, "tokens_per_minute") : current.TokensPerMinute,
        Budgets = Budgets(request.Budgets) ?? current.Budgets,
        MaxCostPerRequestUsd = !request.Given.HasFlag(KeyRequestField.MaxCostPerRequestUsd) ? current.MaxCostPerRequestUsd
            : request.MaxCostPerRequestUsd is not { } max ? null
            : max > 0 && max <= BudgetOptions.MaxLimitUsd ? max
            : throw new ApiValidationException("max_cost_per_request_usd", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"'max_cost_per_request_usd' must be positive and at most {BudgetOptions.MaxLimitUsd:0}.")),
    };

    /// <summary>
    /// A user or team budget counts the spend of the key's user or team: a key that names none would carry a budget that
    /// never applies, which looks like a limit and is not one.
    /// </summary>
    private static void RequireOwners(IReadOnlyList<BudgetLimit> budgets, string? team, string? user, bool budgetsGiven)
    {
        for (var i = 0; i < budgets.Count; i++)
        {
            var (owner, missing) = budgets[i].Scope switch
            {
                BudgetScope.User => ("user", user is null),
                BudgetScope.Team => ("team", team is null),
                _ => (string.Empty, false),
            };
            if (missing)
            {
                // Named where the change was made: the budgets sent, or the owner a PATCH removed under a kept budget.
                throw budgetsGiven
                    ? new ApiValidationException($"budgets[{i}].scope", $"A '{owner}' budget needs the key to name a {owner} ('{owner}'); without one it would never apply.")
                    : new ApiValidationException(owner, $"The key has a '{owner}' budget, which needs a {owner}; remove the budget ('budgets') to remove the {owner}.");
            }
        }
    }

    private static string? Name(string? name) => name switch
    {
        null => null,
        { Length: >= 1 and <= 100 } when !string.IsNullOrWhiteSpace(name) => name.Trim(),
        _ => throw new ApiValidationException("name", "'name' must be 1-100 characters."),
    };

    /// <summary>Whether <paramref name="value"/> is a valid tenant, team or user id: 1-64 letters, digits and . _ : @ -.</summary>
    public static bool IsId(string value) => value.Length is >= 1 and <= 64 && !value.AsSpan().ContainsAnyExcept(s_idCharacters);

    private static string Id(string value, string field) =>
        IsId(value)
            ? value
            : throw new ApiValidationException(field, $"'{field}' must be 1-64 characters of letters, digits and . _ : @ -.");

    private static List<string>? RolesOf(List<string>? roles)
    {
        if (roles is null)
        {
            return null;
        }

        if (roles.Count == 0)
        {
            throw new ApiValidationException("roles", $"'roles' needs at least one of {string.Join(", ", Roles.All)}.");
        }

        foreach (var role in roles)
        {
            if (role is null)
            {
                throw new ApiValidationException("roles", $"'roles' holds role names, not null; roles are {string.Join(", ", Roles.All)}.");
            }

            if (!Roles.All.Contains(role))
            {
                throw new ApiValidationException("roles", $"Unknown role '{Truncate(role)}'; roles are {string.Join(", ", Roles.All)}.");
            }
        }

        return [.. roles.Distinct(StringComparer.Ordinal)];
    }

    private static List<string>? Names(List<string>? names, string field)
    {
        if (names is null)
        {
            return null;
        }

        if (names.Count > MaxListItems || names.Any(n => string.IsNullOrWhiteSpace(n) || n.Length > 200))
        {
            throw new ApiValidationException(field, $"'{field}' holds at most {MaxListItems} names of 1-200 characters.");
        }

        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static int? Positive(int? value, string field) =>
        value is null or > 0 ? value : throw new ApiValidationException(field, $"'{field}' must be positive.");

    private static List<BudgetLimit>? Budgets(List<BudgetRequest>? budgets)
    {
        if (budgets is null)
        {
            return null;
        }

        if (budgets.Count > 10)
        {
            throw new ApiValidationException("budgets", "'budgets' holds at most 10 budgets.");
        }

        var result = new List<BudgetLimit>(budgets.Count);
        for (var i = 0; i < budgets.Count; i++)
        {
            var budget = budgets[i] ?? throw new ApiValidationException($"budgets[{i}]", "A budget cannot be null.");
            var scope = (budget.Scope ?? "key").ToLowerInvariant() switch
            {
                "key" => BudgetScope.Key,
                "user" => BudgetScope.User,
                "team" => BudgetScope.Team,
                "tenant" => BudgetScope.Tenant,
                _ => throw new ApiValidationException($"budgets[{i}].scope", "'scope' is one of key, user, team, tenant."),
            };
            var period = (budget.Period ?? string.Empty).ToLowerInvariant() switch
            {
                "day" => BudgetPeriod.Day,
                "month" => BudgetPeriod.Month,
                "total" => BudgetPeriod.Total,
                _ => throw new ApiValidationException($"budgets[{i}].period", "'period' is one of day, month, total."),
            };
            if (budget.LimitUsd is not { } limit || limit <= 0 || limit > BudgetOptions.MaxLimitUsd)
            {
                // The same ceiling as configured budgets: a counter holds at most a billion dollars.
                throw new ApiValidationException($"budgets[{i}].limit_usd", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"'limit_usd' must be positive and at most {BudgetOptions.MaxLimitUsd:0}."));
            }

            result.Add(new BudgetLimit(scope, period, limit));
        }

        return result;
    }

    private static Dictionary<string, string>? Metadata(Dictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        if (metadata.Count > 16 || metadata.Any(p => p.Key.Length is 0 or > 64 || p.Value is null || p.Value.Length > 512))
        {
            throw new ApiValidationException("metadata", "'metadata' holds at most 16 pairs; keys are 1-64 characters and values strings of at most 512.");
        }

        return metadata;
    }

    private static DateTimeOffset? Expiry(DateTimeOffset? expiresAt, DateTimeOffset now) =>
        expiresAt is null || expiresAt > now ? expiresAt : throw new ApiValidationException("expires_at", "'expires_at' must be in the future.");

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
