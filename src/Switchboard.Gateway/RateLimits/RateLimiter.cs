using System.Globalization;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.RateLimits;

/// <summary>
/// Counts requests and tokens per key, user, tenant and model in fixed one-minute UTC windows. A request is counted
/// against all its request limits at once (all or none, atomically in the counter store), so concurrent callers can
/// never get more than a limit admitted in one window; a token limit admits requests while the window's tokens are
/// under it, and the tokens are counted when each call reports its usage.
/// </summary>
public sealed class RateLimiter
{
    private readonly RateLimitOptions _options;
    private readonly ICounterStore _counters;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="RateLimiter"/> class.</summary>
    public RateLimiter(RateLimitOptions options, ICounterStore counters, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _counters = counters;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets a value indicating whether limits are enforced.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>Admits one request of <paramref name="subject"/> or throws.</summary>
    /// <exception cref="RateLimitExceededException">A request or token limit of the current window is used up.</exception>
    public async ValueTask<RateLimitStatus> AdmitRequestAsync(RateLimitSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var (minute, windowEnd, reset) = Window();
        if (!_options.Enabled)
        {
            return new RateLimitStatus(null, 0, null, 0, reset);
        }

        var limits = Limits(subject);
        return await AdmitAsync(limits, minute, windowEnd, reset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Admits one call to <paramref name="model"/> under the model's own limits, if it has any.</summary>
    /// <exception cref="RateLimitExceededException">The model's limit for the current window is used up.</exception>
    public async ValueTask AdmitModelCallAsync(string? model, CancellationToken cancellationToken)
    {
        if (!_options.Enabled || ModelLimit(model) is not { } configured)
        {
            return;
        }

        var (minute, windowEnd, reset) = Window();
        await AdmitAsync([new AppliedLimit("model", configured.Name, configured.Limit.RequestsPerMinute, configured.Limit.TokensPerMinute)], minute, windowEnd, reset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts the tokens a call used against every token limit of its caller and model.</summary>
    public ValueTask RecordTokensAsync(RateLimitSubject? subject, string? model, long tokens, CancellationToken cancellationToken)
    {
        if (!_options.Enabled || tokens <= 0)
        {
            return ValueTask.CompletedTask;
        }

        var (minute, windowEnd, _) = Window();
        var charges = new List<CounterCharge>(4);
        if (subject is not null)
        {
            // Counted for every scope that applies, limited or not: a key's own limit is not known here, and a limit
            // added mid-window then starts from the true count.
            foreach (var limit in Limits(subject))
            {
                charges.Add(new CounterCharge(Key("tok", limit, minute), tokens, long.MaxValue, windowEnd));
            }
        }

        if (ModelLimit(model) is { Limit.TokensPerMinute: not null } modelLimit)
        {
            charges.Add(new CounterCharge(Key("tok", new AppliedLimit("model", modelLimit.Name, null, null), minute), tokens, long.MaxValue, windowEnd));
        }

        return charges.Count == 0 ? ValueTask.CompletedTask : _counters.AddAsync(charges, cancellationToken);
    }

    private async ValueTask<RateLimitStatus> AdmitAsync(List<AppliedLimit> limits, long minute, DateTimeOffset windowEnd, TimeSpan reset, CancellationToken cancellationToken)
    {
        int? tokenLimit = null;
        var tokensRemaining = long.MaxValue;
        foreach (var limit in limits)
        {
            if (limit.TokensPerMinute is not { } tpm)
            {
                continue;
            }

            var used = await _counters.GetAsync(Key("tok", limit, minute), cancellationToken).ConfigureAwait(false);
            if (used >= tpm)
            {
                Reject(limit, "tokens");
                throw Exceeded(limit, $"{tpm.ToString(CultureInfo.InvariantCulture)} tokens per minute", reset);
            }

            if (tpm - used < tokensRemaining)
            {
                tokensRemaining = tpm - used;
                tokenLimit = tpm;
            }
        }

        var requestLimits = limits.Where(l => l.RequestsPerMinute is not null).ToList();
        if (requestLimits.Count == 0)
        {
            return new RateLimitStatus(null, 0, tokenLimit, tokenLimit is null ? 0 : tokensRemaining, reset);
        }

        var charges = new CounterCharge[requestLimits.Count];
        for (var i = 0; i < charges.Length; i++)
        {
            charges[i] = new CounterCharge(Key("req", requestLimits[i], minute), 1, requestLimits[i].RequestsPerMinute!.Value, windowEnd);
        }

        var result = await _counters.TryAddAsync(charges, cancellationToken).ConfigureAwait(false);
        if (!result.Admitted)
        {
            var refused = requestLimits[result.RejectedIndex];
            Reject(refused, "requests");
            throw Exceeded(refused, $"{refused.RequestsPerMinute!.Value.ToString(CultureInfo.InvariantCulture)} requests per minute", reset);
        }

        int? requestLimit = null;
        var requestsRemaining = long.MaxValue;
        for (var i = 0; i < charges.Length; i++)
        {
            var remaining = charges[i].Limit - result.Values[i];
            if (remaining < requestsRemaining)
            {
                requestsRemaining = remaining;
                requestLimit = (int)charges[i].Limit;
            }
        }

        return new RateLimitStatus(requestLimit, requestsRemaining, tokenLimit, tokenLimit is null ? 0 : tokensRemaining, reset);
    }

    private List<AppliedLimit> Limits(RateLimitSubject subject)
    {
        var limits = new List<AppliedLimit>(3);
        if (subject.KeyId is not null)
        {
            limits.Add(new AppliedLimit(
                "key",
                subject.KeyId,
                subject.KeyLimit?.RequestsPerMinute ?? _options.Key.RequestsPerMinute,
                subject.KeyLimit?.TokensPerMinute ?? _options.Key.TokensPerMinute));
        }

        if (Lookup(_options.Users, subject.UserId) is { } user)
        {
            limits.Add(new AppliedLimit("user", $"{subject.TenantId}/{subject.UserId}", user.RequestsPerMinute, user.TokensPerMinute));
        }

        if (Lookup(_options.Tenants, subject.TenantId) is { } tenant)
        {
            limits.Add(new AppliedLimit("tenant", subject.TenantId, tenant.RequestsPerMinute, tenant.TokensPerMinute));
        }

        return limits;
    }

    /// <summary>The limit of <paramref name="model"/> and the name it is configured under. Names match ignoring case, as
    /// the catalog resolves them; the count is kept under the configured name, or "GPT-4o" would have a window of its
    /// own beside "gpt-4o".</summary>
    private (string Name, RateLimit Limit)? ModelLimit(string? model)
    {
        if (model is null || _options.Models.Count == 0 || !_options.Models.TryGetValue(model, out var limit) || limit is null)
        {
            return null;
        }

        foreach (var name in _options.Models.Keys)
        {
            if (string.Equals(name, model, StringComparison.OrdinalIgnoreCase))
            {
                return (name, limit);
            }
        }

        return null;
    }

    private static RateLimit? Lookup(Dictionary<string, RateLimit> map, string? id) =>
        id is null || map.Count == 0 ? null
        : map.TryGetValue(id, out var exact) ? exact
        : map.GetValueOrDefault(RateLimitOptions.Everyone);

    private (long Minute, DateTimeOffset WindowEnd, TimeSpan Reset) Window()
    {
        var now = _timeProvider.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var end = DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60);
        return (minute, end, end - now);
    }

    private static string Key(string kind, AppliedLimit limit, long minute) =>
        string.Create(CultureInfo.InvariantCulture, $"rl:{kind}:{limit.Scope}:{limit.Id}:{minute}");

    private static void Reject(AppliedLimit limit, string kind) =>
        Telemetry.GatewayInstruments.RateLimitRejections.Add(1, new KeyValuePair<string, object?>("scope", limit.Scope), new KeyValuePair<string, object?>("kind", kind));

    private static RateLimitExceededException Exceeded(AppliedLimit limit, string what, TimeSpan reset) =>
        new($"Rate limit reached: {limit.Scope} '{limit.Id}' may make {what}. Retry in {Math.Ceiling(reset.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s.", reset);

    private readonly record struct AppliedLimit(string Scope, string Id, int? RequestsPerMinute, int? TokensPerMinute);
}
