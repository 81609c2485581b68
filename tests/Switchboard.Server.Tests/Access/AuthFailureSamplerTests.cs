using Switchboard.Server.Access;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Access;

public sealed class AuthFailureSamplerTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void RecordsEachAddressAndReasonOncePerMinute_UpToTheCap_AndReportsWhatItLeftOut()
    {
        var sampler = new AuthFailureSampler(_clock);

        Assert.True(sampler.ShouldRecord("10.0.0.1", "unknown key", out var skipped));
        Assert.Equal(0, skipped);
        Assert.False(sampler.ShouldRecord("10.0.0.1", "unknown key", out _));
        Assert.True(sampler.ShouldRecord("10.0.0.1", "wrong secret for key_a", out skipped));
        Assert.Equal(1, skipped); // the next record reports what was left out before it
        var spread = Enumerable.Range(2, 100).Count(i => sampler.ShouldRecord($"10.0.0.{i}", "unknown key", out _));
        Assert.Equal(AuthFailureSampler.MaxRecordsPerMinute - 2, spread);

        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(sampler.ShouldRecord("10.0.0.1", "unknown key", out skipped));
        Assert.Equal(100 - (AuthFailureSampler.MaxRecordsPerMinute - 2), skipped);
        Assert.True(sampler.ShouldRecord("10.0.0.2", "unknown key", out skipped));
        Assert.Equal(0, skipped);
    }
}
