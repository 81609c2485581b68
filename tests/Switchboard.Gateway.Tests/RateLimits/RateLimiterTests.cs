using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.RateLimits;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.RateLimits;

public sealed class RateLimiterTests
{
    // A quarter of a second past 12:00:15: the window ends at 12:01:00, 44.75 s later.
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 15, 250, TimeSpan.Zero);

    private readonly ManualTimeProvider _clock = new(Start);
    private readonly RateLimitOptions _options = new() { Key = new RateLimit() };
    private readonly RateLimiter _limiter;

    public RateLimiterTests() => _limiter = new RateLimiter(_options, new InProcessCounterStore(_clock), _clock);

    [Fact]
    public async Task AdmitRequestAsync_KeyWithoutItsOwnLimit_UsesTheDefaultRequestLimit()
    {
        _options.Key = new RateLimit { RequestsPerMinute = 3 };

        for (var i = 0; i < 3; i++)
        {
            await AdmitAsync(Caller("key_a"));
        }

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(Caller("key_a")));
        Assert.Contains("key 'key_a'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("3 requests per minute", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitRequestAsync_KeyWithItsOwnRequestLimit_OverridesOnlyThatValue()
    {
        _options.Key = new RateLimit { RequestsPerMinute = 10, TokensPerMinute = 1000 };
        var caller = Caller("key_a", own: new RateLimit { RequestsPerMinute = 2 });

        var first = await _limiter.AdmitRequestAsync(caller, CancellationToken.None);
        await _limiter.AdmitRequestAsync(caller, CancellationToken.None);

        Assert.Equal(2, first.RequestLimit);
        Assert.Equal(1000, first.TokenLimit);
        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(caller));
        Assert.Contains("2 requests per minute", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitRequestAsync_KeyWithItsOwnTokenLimit_KeepsTheDefaultRequestLimit()
    {
        _options.Key = new RateLimit { RequestsPerMinute = 10, TokensPerMinute = 1000 };

        var status = await _limiter.AdmitRequestAsync(Caller("key_a", own: new RateLimit { TokensPerMinute = 50 }), CancellationToken.None);

        Assert.Equal(10, status.RequestLimit);
        Assert.Equal(9, status.RequestsRemaining);
        Assert.Equal(50, status.TokenLimit);
        Assert.Equal(50, status.TokensRemaining);
    }

    [Fact]
    public async Task AdmitRequestAsync_UserListedById_CountsAllTheUsersKeysTogether()
    {
        _options.Users["alice"] = new RateLimit { RequestsPerMinute = 2 };
        _options.Users[RateLimitOptions.Everyone] = new RateLimit { RequestsPerMinute = 5 };

        await AdmitAsync(Caller("key_a", user: "alice"));
        await AdmitAsync(Caller("key_b", user: "alice"));

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(Caller("key_c", user: "alice")));
        Assert.Contains("user 'acme/alice'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("2 requests per minute", exception.Message, StringComparison.Ordinal);

        // The same user id in another tenant is another user.
        await AdmitAsync(Caller("key_d", tenant: "globex", user: "alice"));
    }

    [Fact]
    public async Task AdmitRequestAsync_UserNotListed_GetsTheEveryoneLimit()
    {
        _options.Users["alice"] = new RateLimit { RequestsPerMinute = 2 };
        _options.Users[RateLimitOptions.Everyone] = new RateLimit { RequestsPerMinute = 4 };

        for (var i = 0; i < 4; i++)
        {
            await AdmitAsync(Caller($"key_{i}", user: "bob"));
        }

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(Caller("key_x", user: "bob")));
        Assert.Contains("user 'acme/bob'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("4 requests per minute", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitRequestAsync_CallerWithoutUser_HasNoUserLimit()
    {
        _options.Users[RateLimitOptions.Everyone] = new RateLimit { RequestsPerMinute = 1 };

        var first = await _limiter.AdmitRequestAsync(Caller("key_a"), CancellationToken.None);
        await AdmitAsync(Caller("key_a"));

        Assert.Null(first.RequestLimit);
    }

    [Fact]
    public async Task AdmitRequestAsync_TenantListedById_CountsAllItsKeysTogether()
    {
        _options.Tenants["acme"] = new RateLimit { RequestsPerMinute = 2 };
        _options.Tenants[RateLimitOptions.Everyone] = new RateLimit { RequestsPerMinute = 4 };

        await AdmitAsync(Caller("key_a"));
        await AdmitAsync(Caller("key_b"));

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(Caller("key_c")));
        Assert.Contains("tenant 'acme'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("2 requests per minute", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitRequestAsync_TenantNotListed_GetsTheEveryoneLimit()
    {
        _options.Tenants["acme"] = new RateLimit { RequestsPerMinute = 2 };
        _options.Tenants[RateLimitOptions.Everyone] = new RateLimit { RequestsPerMinute = 4 };

        for (var i = 0; i < 4; i++)
        {
            await AdmitAsync(Caller($"key_{i}", tenant: "globex"));
        }

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(Caller("key_x", tenant: "globex")));
        Assert.Contains("tenant 'globex'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("4 requests per minute", exception.Message, StringComparison.Ordinal);

        // Each unlisted tenant has a window of its own.
        await AdmitAsync(Caller("key_y", tenant: "initech"));
    }

    [Fact]
    public async Task AdmitRequestAsync_TenantLimitRefuses_LeavesTheKeyCountUnchanged()
    {
        _options.Tenants["acme"] = new RateLimit { RequestsPerMinute = 2 };
        var keyA = Caller("key_a", own: new RateLimit { RequestsPerMinute = 3 });
        await AdmitAsync(Caller("key_b"));
        await AdmitAsync(keyA);

        var refused = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(keyA));
        Assert.Contains("tenant 'acme'", refused.Message, StringComparison.Ordinal);

        // The tenant gets room again: key_a has used one request of its three, so two more fit, not one.
        _options.Tenants["acme"] = new RateLimit { RequestsPerMinute = 100 };
        var second = await _limiter.AdmitRequestAsync(keyA, CancellationToken.None);
        var third = await _limiter.AdmitRequestAsync(keyA, CancellationToken.None);

        Assert.Equal((3, 1L), (second.RequestLimit, second.RequestsRemaining));
        Assert.Equal((3, 0L), (third.RequestLimit, third.RequestsRemaining));
        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(keyA));
        Assert.Contains("key 'key_a'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitRequestAsync_Refused_NamesTheLimitAndRetriesAtTheEndOfTheMinute()
    {
        _options.Tenants["acme"] = new RateLimit { RequestsPerMinute = 1 };
        await AdmitAsync(Caller("key_a"));

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(Caller("key_a")));

        Assert.Equal(TimeSpan.FromMilliseconds(44_750), exception.RetryAfter);
        Assert.Equal("Rate limit reached: tenant 'acme' may make 1 requests per minute. Retry in 45 s.", exception.Message);
    }

    [Fact]
    public async Task AdmitRequestAsync_NextMinute_StartsANewWindow()
    {
        _options.Key = new RateLimit { RequestsPerMinute = 2 };
        await AdmitAsync(Caller("key_a"));
        await AdmitAsync(Caller("key_a"));
        await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(Caller("key_a")));

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 12, 0, 59, 999, TimeSpan.Zero));
        var late = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(Caller("key_a")));
        Assert.Equal(TimeSpan.FromMilliseconds(1), late.RetryAfter);

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 12, 1, 0, TimeSpan.Zero));
        var status = await _limiter.AdmitRequestAsync(Caller("key_a"), CancellationToken.None);

        Assert.Equal(1, status.RequestsRemaining);
        Assert.Equal(TimeSpan.FromMinutes(1), status.Reset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AdmitRequestAsync_AcrossTheMinuteBoundary_CountsEachWindowExactly(bool throughTheInterface)
    {
        // The counter keys are cached per window: a stale key after the boundary would count into the old window.
        var counters = new InProcessCounterStore(_clock);
        ICounterStore store = throughTheInterface ? new RecordingCounterStore(counters) : counters;
        var limiter = new RateLimiter(_options, store, _clock);
        _options.Key = new RateLimit { RequestsPerMinute = 3, TokensPerMinute = 1000 };
        var caller = Caller("key_a");
        var before = Start.ToUnixTimeSeconds() / 60;

        await limiter.AdmitRequestAsync(caller, CancellationToken.None);
        await limiter.AdmitRequestAsync(caller, CancellationToken.None);
        await limiter.RecordTokensAsync(caller, null, 10, CancellationToken.None);
        Assert.Equal(2, await store.GetAsync($"rl:req:key:key_a:{before}", CancellationToken.None));
        Assert.Equal(10, await store.GetAsync($"rl:tok:key:key_a:{before}", CancellationToken.None));
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 12, 1, 0, TimeSpan.Zero));
        var first = await limiter.AdmitRequestAsync(caller, CancellationToken.None);
        await limiter.RecordTokensAsync(caller, null, 7, CancellationToken.None);
        await limiter.AdmitRequestAsync(caller, CancellationToken.None);
        var third = await limiter.AdmitRequestAsync(caller, CancellationToken.None);

        Assert.Equal(2, first.RequestsRemaining);
        Assert.Equal(1000, first.TokensRemaining);
        Assert.Equal(0, third.RequestsRemaining);
        Assert.Equal(993, third.TokensRemaining);
        await Assert.ThrowsAsync<RateLimitExceededException>(async () => await limiter.AdmitRequestAsync(caller, CancellationToken.None));
        Assert.Equal(3, await store.GetAsync($"rl:req:key:key_a:{before + 1}", CancellationToken.None));
        Assert.Equal(7, await store.GetAsync($"rl:tok:key:key_a:{before + 1}", CancellationToken.None));
    }

    [Fact]
    public async Task AdmitRequestAsync_FiveHundredConcurrentCallers_AdmitsExactlyTheLimit()
    {
        _options.Key = new RateLimit { RequestsPerMinute = 40 };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 500).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            try
            {
                return (await _limiter.AdmitRequestAsync(Caller("key_a"), CancellationToken.None)).RequestsRemaining;
            }
            catch (RateLimitExceededException)
            {
                return -1;
            }
        })).ToArray();
        gate.SetResult();

        var remaining = await Task.WhenAll(calls);

        Assert.Equal(40, remaining.Count(r => r >= 0));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), remaining.Where(r => r >= 0).Order());
    }

    [Fact]
    public async Task AdmitRequestAsync_TokensUsedUp_RefusesAndReportsTheRemainingTokens()
    {
        _options.Key = new RateLimit { TokensPerMinute = 100 };
        var caller = Caller("key_a");

        Assert.Equal((100, 100L), Tokens(await _limiter.AdmitRequestAsync(caller, CancellationToken.None)));
        await _limiter.RecordTokensAsync(caller, null, 60, CancellationToken.None);
        Assert.Equal((100, 40L), Tokens(await _limiter.AdmitRequestAsync(caller, CancellationToken.None)));
        await _limiter.RecordTokensAsync(caller, null, 39, CancellationToken.None);
        Assert.Equal((100, 1L), Tokens(await _limiter.AdmitRequestAsync(caller, CancellationToken.None)));
        await _limiter.RecordTokensAsync(caller, null, 1, CancellationToken.None);

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(caller));
        Assert.Contains("key 'key_a' may make 100 tokens per minute", exception.Message, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((100, 100L), Tokens(await _limiter.AdmitRequestAsync(caller, CancellationToken.None)));
    }

    [Fact]
    public async Task RecordTokensAsync_TenantTokenLimit_CountsTheTokensOfEveryKey()
    {
        _options.Tenants["acme"] = new RateLimit { TokensPerMinute = 50 };
        await _limiter.RecordTokensAsync(Caller("key_a"), null, 50, CancellationToken.None);

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => AdmitAsync(Caller("key_b")));

        Assert.Contains("tenant 'acme' may make 50 tokens per minute", exception.Message, StringComparison.Ordinal);
        await AdmitAsync(Caller("key_c", tenant: "globex"));
    }

    [Fact]
    public async Task AdmitRequestAsync_SeveralLimits_ReportsTheOneWithTheFewestLeft()
    {
        _options.Key = new RateLimit { RequestsPerMinute = 10, TokensPerMinute = 1000 };
        _options.Users["alice"] = new RateLimit { RequestsPerMinute = 3 };
        _options.Tenants["acme"] = new RateLimit { RequestsPerMinute = 5, TokensPerMinute = 300 };
        var alice = Caller("key_a", user: "alice");
        await AdmitAsync(Caller("key_b"));

        // key 1 of 10, user 1 of 3, tenant 2 of 5: the user has the fewest left.
        var first = await _limiter.AdmitRequestAsync(alice, CancellationToken.None);
        Assert.Equal((3, 2L), (first.RequestLimit, first.RequestsRemaining));
        Assert.Equal((300, 300L), Tokens(first));

        // key 2 of 10, user 2 of 3, tenant 5 of 5: now the tenant has.
        await AdmitAsync(Caller("key_b"));
        await AdmitAsync(Caller("key_b"));
        await _limiter.RecordTokensAsync(Caller("key_b"), null, 100, CancellationToken.None);
        var second = await _limiter.AdmitRequestAsync(alice, CancellationToken.None);
        Assert.Equal((5, 0L), (second.RequestLimit, second.RequestsRemaining));
        Assert.Equal((300, 200L), Tokens(second));
    }

    [Fact]
    public async Task AdmitRequestAsync_NoRequestLimit_ReportsNone()
    {
        var status = await _limiter.AdmitRequestAsync(Caller("key_a"), CancellationToken.None);

        Assert.Null(status.RequestLimit);
        Assert.Null(status.TokenLimit);
        Assert.Equal(TimeSpan.FromMilliseconds(44_750), status.Reset);
    }

    [Fact]
    public async Task AdmitRequestAsync_Disabled_AdmitsEverything()
    {
        _options.Enabled = false;
        _options.Key = new RateLimit { RequestsPerMinute = 1, TokensPerMinute = 1 };
        _options.Tenants["acme"] = new RateLimit { RequestsPerMinute = 1 };
        _options.Models["mock:m"] = new RateLimit { RequestsPerMinute = 1 };

        for (var i = 0; i < 10; i++)
        {
            var status = await _limiter.AdmitRequestAsync(Caller("key_a"), CancellationToken.None);
            await _limiter.RecordTokensAsync(Caller("key_a"), "mock:m", 100, CancellationToken.None);
            await _limiter.AdmitModelCallAsync("mock:m", CancellationToken.None);
            Assert.Null(status.RequestLimit);
        }

        // Nothing was counted meanwhile: enabling the limits finds every window empty.
        _options.Enabled = true;
        await AdmitAsync(Caller("key_a"));
        await _limiter.AdmitModelCallAsync("mock:m", CancellationToken.None);
    }

    private static RateLimitSubject Caller(string keyId, string tenant = "acme", string? user = null, RateLimit? own = null) => new(tenant, keyId, user, own);

    private static (int? Limit, long Remaining) Tokens(RateLimitStatus status) => (status.TokenLimit, status.TokensRemaining);

    private async Task AdmitAsync(RateLimitSubject subject) => await _limiter.AdmitRequestAsync(subject, CancellationToken.None);
}
