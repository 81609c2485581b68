namespace Switchboard.Abstractions.Governance;

/// <summary>
/// Who a model call is made for, and on whose account: the tenant, API key, user and team of the caller, and the
/// conversation and agent the call serves. The server sets it for each request after authentication; the agent runtime
/// narrows it to the agent that makes each call. Pipeline stages read it for budgets and the cost ledger.
/// </summary>
/// <remarks>
/// It flows with the async context (<see cref="Current"/>), so that a call made deep inside the agent runtime is still
/// charged to the right account without every layer passing it on.
/// </remarks>
public sealed record ModelCallContext
{
    private static readonly AsyncLocal<ModelCallContext?> s_current = new();

    /// <summary>The tenant used when a call has no authenticated caller (the CLI, background jobs, auth disabled).</summary>
    public const string DefaultTenant = "default";

    /// <summary>Gets the context of the current async flow, or null when none was set.</summary>
    public static ModelCallContext? Current => s_current.Value;

    /// <summary>Gets the tenant.</summary>
    public string TenantId { get; init; } = DefaultTenant;

    /// <summary>Gets the API key id (<c>key_…</c>), or null for a caller without a key.</summary>
    public string? KeyId { get; init; }

    /// <summary>Gets the user, when the key or token names one.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the team, when the key or token names one.</summary>
    public string? TeamId { get; init; }

    /// <summary>
    /// Gets the credential a caller without a key (a JWT, or anyone when authentication is off) was admitted under by
    /// the request rate limits, so that its calls' tokens count against the same per-key limits; null for a key.
    /// </summary>
    public string? RateLimitCredential { get; init; }

    /// <summary>Gets the conversation the call serves.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Gets the agent making the call.</summary>
    public string? Agent { get; init; }

    /// <summary>Gets the id of the agent run (one user message handled by the agent runtime).</summary>
    public string? AgentRunId { get; init; }

    /// <summary>Gets the USD budgets the caller's key carries beyond the configured ones.</summary>
    public IReadOnlyList<BudgetLimit> Budgets { get; init; } = [];

    /// <summary>Gets the most one request may cost in USD, or null for no per-request limit.</summary>
    public decimal? MaxCostPerRequest { get; init; }

    /// <summary>Makes <paramref name="context"/> current until the returned scope is disposed.</summary>
    public static Scope Push(ModelCallContext? context)
    {
        var previous = s_current.Value;
        s_current.Value = context;
        return new Scope(previous);
    }

    /// <summary>Restores the context that was current before <see cref="Push"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ModelCallContext? _previous;

        internal Scope(ModelCallContext? previous) => _previous = previous;

        /// <inheritdoc />
        public void Dispose() => s_current.Value = _previous;
    }
}
