using Switchboard.Gateway.RateLimits;

namespace Switchboard.Gateway.Tests.RateLimits;

public sealed class RateLimitKeysTests
{
    private readonly RateLimitKeys _keys = new();

    [Fact]
    public void Get_SameSubjectAndMinute_ReturnsTheKeysBuiltBefore()
    {
        var first = _keys.Get("key", "key_a", null, 29_412_345);

        var second = _keys.Get("key", "key_a", null, 29_412_345);

        Assert.Same(first, second);
        Assert.Equal("rl:req:key:key_a:29412345", first.Requests);
        Assert.Equal("rl:tok:key:key_a:29412345", first.Tokens);
    }

    [Fact]
    public void Get_NextMinute_BuildsTheKeysOfTheNewWindow()
    {
        var before = _keys.Get("tenant", "acme", null, 29_412_345);

        var after = _keys.Get("tenant", "acme", null, 29_412_346);

        Assert.Equal("rl:req:tenant:acme:29412345", before.Requests);
        Assert.Equal("rl:req:tenant:acme:29412346", after.Requests);
        Assert.Equal("rl:tok:tenant:acme:29412346", after.Tokens);
        Assert.Equal(29_412_346, after.Minute);
    }

    [Fact]
    public void Get_User_IsNamedWithinItsTenant()
    {
        var acme = _keys.Get("user", "acme", "alice", 1);
        var globex = _keys.Get("user", "globex", "alice", 1);

        Assert.Equal("acme/alice", acme.Id);
        Assert.Equal("rl:req:user:acme/alice:1", acme.Requests);
        Assert.Equal("rl:req:user:globex/alice:1", globex.Requests);
    }

    [Fact]
    public void Get_SameIdInTwoScopes_KeepsThemApart()
    {
        var key = _keys.Get("key", "x", null, 1);
        var tenant = _keys.Get("tenant", "x", null, 1);

        Assert.NotEqual(key.Requests, tenant.Requests);
    }

    [Fact]
    public void Get_MoreSubjectsThanItKeeps_StaysBounded()
    {
        for (var i = 0; i < RateLimitKeys.MaxSubjects + 10; i++)
        {
            _keys.Get("key", $"key_{i}", null, 1);
        }

        Assert.InRange(_keys.Count, 1, RateLimitKeys.MaxSubjects);
        Assert.Equal("rl:req:key:key_0:1", _keys.Get("key", "key_0", null, 1).Requests);
    }
}
