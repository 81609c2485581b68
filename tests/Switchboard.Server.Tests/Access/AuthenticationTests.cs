using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Abstractions.Access;

namespace Switchboard.Server.Tests.Access;

public sealed class AuthenticationTests : AccessTestBase
{
    private const string Chat = """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""";

    [Fact]
    public async Task ChatCompletions_WithoutKey_Is401InTheOpenAIFormat()
    {
        using var client = ClientFor(null);
        using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Chat));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var body = await ReadJsonAsync(response);
        AssertOpenAIError(body, "authentication_error");
        Assert.Equal("missing_api_key", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task NativeApi_WithoutKey_Is401ProblemDetails()
    {
        using var client = ClientFor(null);
        using var response = await client.GetAsync("/api/v1/conversations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await ReadJsonAsync(response);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Equal("missing_api_key", body.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("sbk_0000000000aaaaaaaaaaaaaaaa_secret")]
    [InlineData("sbk_")]
    [InlineData("' OR 1=1 --")]
    [InlineData("sbk_01jz0000000000000000000000_'; DROP TABLE api_keys; --")]
    public async Task GarbledKeys_Are401AndAudited(string token)
    {
        using var client = ClientFor(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        using var response = await client.GetAsync("/api/v1/conversations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await ReadJsonAsync(response)).GetProperty("code").GetString());
        var failures = await AuditAsync("action=auth.failure&tenant=*");
        Assert.Contains(failures, f => f.GetProperty("resource").GetString() == "/api/v1/conversations");
        Assert.Single((await Factory.Services.GetRequiredService<IApiKeyStore>().ListAsync(null, true, 10, null, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task XApiKeyHeader_Authenticates()
    {
        using var client = ClientFor(null);
        client.DefaultRequestHeaders.Add("x-api-key", Infrastructure.SwitchboardFactory.AdminKey);
        using var response = await client.GetAsync("/api/v1/conversations");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task XApiKeyHeader_IsNotHiddenByANonBearerAuthorization()
    {
        // A reverse proxy's Basic credentials beside the client's x-api-key.
        using var client = ClientFor(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "cHJveHk6c2VjcmV0");
        client.DefaultRequestHeaders.Add("x-api-key", Infrastructure.SwitchboardFactory.AdminKey);
        using var response = await client.GetAsync("/api/v1/conversations");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WrongMethod_Is405ForAnyCaller_NotARefusal()
    {
        // The user role may not call admin endpoints; a known path with another method is still just a 405.
        var (_, token) = await CreateKeyAsync(new { name = "plain user", roles = new[] { "user" } });
        using var user = ClientFor(token);
        using var anonymous = ClientFor(null);

        using var byUser = await user.GetAsync("/v1/chat/completions");
        using var byNobody = await anonymous.GetAsync("/v1/chat/completions");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, byUser.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, byNobody.StatusCode);
        Assert.Empty(await AuditAsync("action=access.denied"));
    }

    [Fact]
    public async Task AFloodOfRequestsWithoutAKey_WritesOneAuditRecordNotOneEach()
    {
        using var anonymous = ClientFor(null);

        for (var i = 0; i < 200; i++)
        {
            using var response = await anonymous.GetAsync("/v1/models");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The audit log cannot be trimmed: the same address and reason in the same minute are recorded once.
        var record = Assert.Single(await AuditAsync("action=auth.failure&tenant=*"));
        Assert.Equal("missing credentials", record.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task AWrongSecretForARealKeyId_IsNotRecordedAsThatKeysAction()
    {
        var (keyId, token) = await CreateKeyAsync(new { name = "victim", roles = new[] { "user" } });
        var forged = token[..token.LastIndexOf('_')] + "_" + new string('x', 43);
        using var client = ClientFor(forged);

        using var response = await client.GetAsync("/api/v1/conversations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await AuditAsync($"action=auth.failure&actor={keyId}"));
        var record = Assert.Single(await AuditAsync("action=auth.failure"));
        Assert.Equal($"wrong secret for {keyId}", record.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, record.TryGetProperty("actor", out var actor) ? actor.ValueKind : JsonValueKind.Null);
    }

    [Fact]
    public async Task RefusalsOfALongPath_AreAuditedWithABoundedResource()
    {
        using var anonymous = ClientFor(null);
        using var response = await anonymous.PostAsync($"/api/v1/keys/{new string('k', 4000)}/revoke", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var record = Assert.Single(await AuditAsync("action=auth.failure&tenant=*"));
        Assert.InRange(record.GetProperty("resource").GetString()!.Length, 200, 300);
    }

    [Fact]
    public async Task OversizedKey_Is401()
    {
        using var client = ClientFor(new string('a', 2000));
        using var response = await client.GetAsync("/api/v1/conversations");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HugeHeaders_AreRefusedByKestrelBeforeAnyWork()
    {
        await using var server = await Infrastructure.KestrelSwitchboard.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + new string('k', 40_000));
        using var response = await client.GetAsync("/api/v1/conversations");

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task ExpiredAndRevokedKeys_AreRefusedWithTheirReason()
    {
        var (expiredId, expiredToken) = await CreateKeyAsync(new { name = "short-lived", roles = new[] { "user" }, expires_at = DateTimeOffset.UtcNow.AddSeconds(1) });
        var (revokedId, revokedToken) = await CreateKeyAsync(new { name = "to-revoke", roles = new[] { "user" } });
        using (var revoke = await Client.PostAsync($"/api/v1/keys/{revokedId}/revoke", null))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        Assert.DoesNotContain(revokedId, await Client.GetStringAsync("/api/v1/keys"), StringComparison.Ordinal);
        Assert.Contains(revokedId, await Client.GetStringAsync("/api/v1/keys?include_revoked=true"), StringComparison.Ordinal);

        using var revoked = ClientFor(revokedToken);
        using var revokedResponse = await revoked.GetAsync("/api/v1/conversations");
        Assert.Equal(HttpStatusCode.Unauthorized, revokedResponse.StatusCode);
        Assert.Equal("revoked_api_key", (await ReadJsonAsync(revokedResponse)).GetProperty("code").GetString());

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var expired = ClientFor(expiredToken);
        using var expiredResponse = await expired.GetAsync("/api/v1/conversations");
        Assert.Equal(HttpStatusCode.Unauthorized, expiredResponse.StatusCode);
        Assert.Equal("expired_api_key", (await ReadJsonAsync(expiredResponse)).GetProperty("code").GetString());

        var failures = await AuditAsync("action=auth.failure");
        Assert.Contains(failures, f => f.GetProperty("actor").GetString() == revokedId && f.GetProperty("outcome").GetString() == "revoked key");
        Assert.Contains(failures, f => f.GetProperty("actor").GetString() == expiredId && f.GetProperty("outcome").GetString() == "expired key");
    }

    [Fact]
    public async Task HealthAndReadiness_NeedNoKey_MetricsDoes()
    {
        using var client = ClientFor(null);
        using var health = await client.GetAsync("/health");
        using var ready = await client.GetAsync("/ready");
        using var metrics = await client.GetAsync("/metrics");
        using var metricsWithKey = await Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metricsWithKey.StatusCode);
    }

    [Fact]
    public async Task TheStoreHoldsOnlyASaltedHash_NeverTheToken()
    {
        var (id, token) = await CreateKeyAsync(new { name = "hash-check", roles = new[] { "service" } });
        var stored = await Factory.Services.GetRequiredService<IApiKeyStore>().FindAsync(id, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(16, stored.Secret.Salt.Length);
        Assert.Equal(32, stored.Secret.Hash.Length);
        Assert.StartsWith(stored.Key.Prefix, token, StringComparison.Ordinal);
        Assert.True(stored.Key.Prefix.Length < token.Length - 30, "the prefix reveals only a few characters of the secret");
        var database = await File.ReadAllBytesAsync(Factory.DatabasePath);
        var wal = File.Exists(Factory.DatabasePath + "-wal") ? await File.ReadAllBytesAsync(Factory.DatabasePath + "-wal") : [];
        var secret = System.Text.Encoding.UTF8.GetBytes(token[^20..]);
        Assert.Equal(-1, database.AsSpan().IndexOf(secret));
        Assert.Equal(-1, wal.AsSpan().IndexOf(secret));
    }

    [Fact]
    public async Task BearerSchemeIsCaseInsensitive()
    {
        using var client = ClientFor(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", Infrastructure.SwitchboardFactory.AdminKey);
        using var response = await client.GetAsync("/api/v1/conversations");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
