using System.Globalization;
using System.Runtime.CompilerServices;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;

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
    private readonly RateLimitKeys _keys = new();

    // The embedded store is called synchronously with buffers on the stack; any other store through the interface.
    private readonly InProcessCounterStore? _local;

    /// <summary>Initializes a new instance of the <see cref="RateLimiter"/> class.</summary>
    public RateLimiter(RateLimitOptions options, ICounterStore counters, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _counters = counters;
        _timeProvider = timeProvider;
        _local = counters as InProcessCounterStore;
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

        var limits = Limits(subject.TenantId, subject.KeyId, subject.UserId, subject.KeyLimit, minute);
        return await AdmitAsync(limits, windowEnd, reset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Admits one call to <paramref name="model"/> under the model's own limits, if it has any.</summary>
    /// <exception cref="RateLimitExceededException">The model's limit for the current window is used up.</exception>
    public ValueTask AdmitModelCallAsync(string? model, CancellationToken cancellationToken) =>
        AdmitModelCallAsync(new ModelCallNames(model), cancellationToken);

    /// <summary>
    /// Admits one call under the limits of every name in <paramref name="names"/> that has one, all or none: a call
    /// refused by one limit is not counted by the others.
    /// </summary>
    /// <exception cref="RateLimitExceededException">A limit for the current window is used up.</exception>
    public async ValueTask AdmitModelCallAsync(ModelCallNames names, CancellationToken cancellationToken)
    {
        if (!_options.Enabled || _options.Models.Count == 0)
        {
            return;
        }

        var (minute, windowEnd, reset) = Window();
        var limits = ModelLimits(names, minute);
        if (limits.Count > 0)
        {
            await AdmitAsync(limits, windowEnd, reset, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Counts the tokens a call used against every token limit of its caller and model.</summary>
    public ValueTask RecordTokensAsync(RateLimitSubject? subject, string? model, long tokens, CancellationToken cancellationToken) =>
        RecordTokensAsync(subject, new ModelCallNames(model), tokens, cancellationToken);

    /// <summary>Counts the tokens a call used against every token limit of its caller and of each name in <paramref name="names"/>.</summary>
    public ValueTask RecordTokensAsync(RateLimitSubject? subject, ModelCallNames names, long tokens, CancellationToken cancellationToken) =>
        subject is null
            ? RecordTokensAsync(null, null, null, names, tokens, cancellationToken)
            : RecordTokensAsync(subject.TenantId, subject.KeyId, subject.UserId, names, tokens, cancellationToken);

    /// <summary>Counts the tokens a call used against every token limit of its caller (none when
    /// <paramref name="tenantId"/> is null) and models; the same as the public overload without a subject to allocate.</summary>
    internal ValueTask RecordTokensAsync(string? tenantId, string? keyId, string? userId, ModelCallNames names, long tokens, CancellationToken cancellationToken)
    {
        if (!_options.Enabled || tokens <= 0)
        {
            return ValueTask.CompletedTask;
        }

        var (minute, windowEnd, _) = Window();
        var charges = default(ChargeBuffer);
        var count = 0;
        if (tenantId is not null)
        {
            // Counted for every scope that applies, limited or not: a key's own limit is not known here, and a limit
            // added mid-window then starts from the true count.
            var limits = Limits(tenantId, keyId, userId, null, minute);
            for (var i = 0; i < limits.Count; i++)
            {
                charges[count++] = new CounterCharge(limits[i].Keys.Tokens, tokens, long.MaxValue, windowEnd);
            }
        }

        if (_options.Models.Count > 0)
        {
            var models = ModelLimits(names, minute);
            for (var i = 0; i < models.Count; i++)
            {
                if (models[i].TokensPerMinute is not null)
                {
                    charges[count++] = new CounterCharge(models[i].Keys.Tokens, tokens, long.MaxValue, windowEnd);
                }
            }
        }

        if (count == 0)
        {
            return ValueTask.CompletedTask;
        }

        ReadOnlySpan<CounterCharge> all = ((ReadOnlySpan<CounterCharge>)charges)[..count];
        if (_local is not null)
        {
            _local.Add(all);
            return ValueTask.CompletedTask;
        }

        return _counters.AddAsync(all.ToArray(), cancellationToken);
    }

    private async ValueTask<RateLimitStatus> AdmitAsync(LimitSet limits, DateTimeOffset windowEnd, TimeSpan reset, CancellationToken cancellationToken)
    {
        int? tokenLimit = null;
        var tokensRemaining = long.MaxValue;
        var requestLimits = default(LimitSet);
        for (var i = 0; i < limits.Count; i++)
        {
            var limit = limits[i];
            if (limit.RequestsPerMinute is not null)
            {
                requestLimits.Add(limit);
            }

            if (limit.TokensPerMinute is not { } tpm)
            {
                continue;
            }

            var used = _local is not null
                ? _local.Get(limit.Keys.Tokens)
                : await _counters.GetAsync(limit.Keys.Tokens, cancellationToken).ConfigureAwait(false);
            if (used >= tpm)
            {
                Reject(limit, "tokens");
                throw Exceeded(limit, $"{tpm.ToString(CultureInfo.InvariantCulture)} tokens per minute", reset, "tokens", tpm);
            }

            if (tpm - used < tokensRemaining)
            {
                tokensRemaining = tpm - used;
                tokenLimit = tpm;
            }
        }

        if (requestLimits.Count == 0)
        {
            return new RateLimitStatus(null, 0, tokenLimit, tokenLimit is null ? 0 : tokensRemaining, reset);
        }

        var counted = _local is not null
            ? CountRequests(_local, requestLimits, windowEnd)
            : await CountRequestsAsync(requestLimits, windowEnd, cancellationToken).ConfigureAwait(false);
        if (counted.RejectedIndex >= 0)
        {
            var refused = requestLimits[counted.RejectedIndex];
            Reject(refused, "requests");
            throw Exceeded(refused, $"{refused.RequestsPerMinute!.Value.ToString(CultureInfo.InvariantCulture)} requests per minute", reset, "requests", refused.RequestsPerMinute.Value);
        }

        return new RateLimitStatus(counted.Limit, counted.Remaining, tokenLimit, tokenLimit is null ? 0 : tokensRemaining, reset);
    }

    /// <summary>Counts the request on every request limit through the in-process store, allocating nothing.</summary>
    private static RequestCount CountRequests(InProcessCounterStore store, LimitSet requestLimits, DateTimeOffset windowEnd)
    {
        var charges = default(ChargeBuffer);
        for (var i = 0; i < requestLimits.Count; i++)
        {
            charges[i] = Charge(requestLimits[i], windowEnd);
        }

        Span<long> values = stackalloc long[LimitSet.Capacity];
        var admitted = store.TryAdd(((ReadOnlySpan<CounterCharge>)charges)[..requestLimits.Count], values, out var rejected);
        return admitted ? Remaining(requestLimits, values) : new RequestCount(rejected, null, 0);
    }

    /// <summary>Counts the request on every request limit through any <see cref="ICounterStore"/>.</summary>
    private async ValueTask<RequestCount> CountRequestsAsync(LimitSet requestLimits, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        var charges = new CounterCharge[requestLimits.Count];
        for (var i = 0; i < charges.Length; i++)
        {
            charges[i] = Charge(requestLimits[i], windowEnd);
        }

        var result = await _counters.TryAddAsync(charges, cancellationToken).ConfigureAwait(false);
        return result.Admitted ? Remaining(requestLimits, result.Values) : new RequestCount(result.RejectedIndex, null, 0);
    }

    private static CounterCharge Charge(AppliedLimit limit, DateTimeOffset windowEnd) =>
        new(limit.Keys.Requests, 1, limit.RequestsPerMinute!.Value, windowEnd);

    /// <summary>The tightest request limit after the count, and what is left of it.</summary>
    private static RequestCount Remaining(LimitSet requestLimits, ReadOnlySpan<long> values)
    {
        int? requestLimit = null;
        var requestsRemaining = long.MaxValue;
        for (var i = 0; i < requestLimits.Count; i++)
        {
            var limit = requestLimits[i].RequestsPerMinute!.Value;
            var remaining = limit - values[i];
            if (remaining < requestsRemaining)
            {
                requestsRemaining = remaining;
                requestLimit = limit;
            }
        }

        return new RequestCount(-1, requestLimit, requestsRemaining);
    }

    private LimitSet Limits(string tenantId, string? keyId, string? userId, RateLimit? keyLimit, long minute)
    {
        var limits = default(LimitSet);
        if (keyId is not null)
        {
            limits.Add(new AppliedLimit(
                "key",
                _keys.Get("key", keyId, null, minute),
                keyLimit?.RequestsPerMinute ?? _options.Key.RequestsPerMinute,
                keyLimit?.TokensPerMinute ?? _options.Key.TokensPerMinute));
        }

        if (Lookup(_options.Users, userId) is { } user)
        {
            limits.Add(new AppliedLimit("user", _keys.Get("user", tenantId, userId, minute), user.RequestsPerMinute, user.TokensPerMinute));
        }

        if (Lookup(_options.Tenants, tenantId) is { } tenant)
        {
            limits.Add(new AppliedLimit("tenant", _keys.Get("tenant", tenantId, null, minute), tenant.RequestsPerMinute, tenant.TokensPerMinute));
        }

        return limits;
    }

    /// <summary>The limits of the names of one call, each configured limit once.</summary>
    private LimitSet ModelLimits(ModelCallNames names, long minute)
    {
        var limits = default(LimitSet);
        AddModelLimit(ref limits, names.Requested, minute);
        AddModelLimit(ref limits, names.Route, minute);
        AddModelLimit(ref limits, names.Served, minute);
        return limits;
    }

    private void AddModelLimit(ref LimitSet limits, string? model, long minute)
    {
        if (ModelLimit(model) is not { } configured)
        {
            return;
        }

        for (var i = 0; i < limits.Count; i++)
        {
            if (string.Equals(limits[i].Id, configured.Name, StringComparison.Ordinal))
            {
                return;
            }
        }

        limits.Add(new AppliedLimit("model", _keys.Get("model", configured.Name, null, minute), configured.Limit.RequestsPerMinute, configured.Limit.TokensPerMinute));
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

    private static void Reject(AppliedLimit limit, string kind) =>
        Telemetry.GatewayInstruments.RateLimitRejections.Add(1, new KeyValuePair<string, object?>("scope", limit.Scope), new KeyValuePair<string, object?>("kind", kind));

    private static RateLimitExceededException Exceeded(AppliedLimit limit, string what, TimeSpan reset, string kind, int perMinute) =>
        new($"Rate limit reached: {limit.Scope} '{limit.Id}' may make {what}. Retry in {Math.Ceiling(reset.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s.", reset)
        {
            LimitKind = kind,
            Limit = perMinute,
        };

    private readonly record struct AppliedLimit(string Scope, RateLimitKeys.Window Keys, int? RequestsPerMinute, int? TokensPerMinute)
    {
        public string Id => Keys.Id;
    }

    /// <summary>The outcome of counting a request: the refused limit's index (or -1), else the tightest limit left.</summary>
    private readonly record struct RequestCount(int RejectedIndex, int? Limit, long Remaining);

    /// <summary>The limits of one request (key, user, tenant; or a call's model names), held without a list.</summary>
    private struct LimitSet
    {
        public const int Capacity = 3;

        private AppliedLimit _first;
        private AppliedLimit _second;
        private AppliedLimit _third;

        public int Count { get; private set; }

        public readonly AppliedLimit this[int index] => index switch
        {
            0 => _first,
            1 => _second,
            2 => _third,
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public void Add(AppliedLimit limit)
        {
            switch (Count)
            {
                case 0:
                    _first = limit;
                    break;
                case 1:
                    _second = limit;
                    break;
                case 2:
                    _third = limit;
                    break;
                default:
                    throw new InvalidOperationException("A request or a model call has at most three limits.");
            }

            Count++;
        }
    }

    /// <summary>Room for the charges of one call (its caller's three scopes and its three model names) without an array.</summary>
    [InlineArray(LimitSet.Capacity * 2)]
    private struct ChargeBuffer
    {
        private CounterCharge _element;
    }
}
