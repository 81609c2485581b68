using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Abstractions.Conversations;
using Switchboard.Server.Access;
using Switchboard.Server.Hosting;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Access;

/// <summary>JWT bearer tokens from an identity provider (HS256 and RS256), beside API keys.</summary>
public sealed class JwtAuthenticationTests : AccessTestBase
{
    private const string Issuer = "https://idp.example.test";
    private const string Audience = "switchboard";
    private const string Secret = "jwt-test-secret-0123456789abcdef-0123456789";
    private const string Chat = """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""";

    private static readonly SigningCredentials Hs256 = new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)), SecurityAlgorithms.HmacSha256);

    protected override IDictionary<string, string?> Settings => JwtSettings(signingKey: Secret);

    [Fact]
    public async Task Hs256Token_WithTenantSubjectAndRoles_IsAccepted()
    {
        using var client = ClientFor(Token(Hs256, roles: ["user"]));

        using var list = await client.GetAsync("/api/v1/conversations");
        using var chat = await client.PostAsync("/v1/chat/completions", JsonBody(Chat));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Single(Upstream.Requests);
    }

    [Fact]
    public async Task Conversation_CreatedWithAToken_IsOwnedByTheSubject()
    {
        using var alice = ClientFor(Token(Hs256, subject: "alice", roles: ["user"]));
        using var bob = ClientFor(Token(Hs256, subject: "bob", roles: ["user"]));
        using var aliceElsewhere = ClientFor(Token(Hs256, tenant: "globex", subject: "alice", roles: ["user"]));

        using var created = await alice.PostAsJsonAsync("/api/v1/conversations", new { title = "alice's", model = "mock:gpt-4o-mini" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonOf(created)).GetProperty("id").GetString()!;

        var stored = await Factory.Services.GetRequiredService<IConversationStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(("acme", "alice"), (stored!.TenantId, stored.OwnerId));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/conversations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/conversations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await aliceElsewhere.GetAsync($"/api/v1/conversations/{id}")).StatusCode);
        Assert.DoesNotContain(id, await (await bob.GetAsync("/api/v1/conversations")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtCallers_AreBoundByThePerKeyDefaultLimits()
    {
        var settings = JwtSettings(signingKey: Secret);
        settings["Switchboard:RateLimits:Key:RequestsPerMinute"] = "2";
        await using var factory = new SwitchboardFactory(Upstream, settings: settings);
        using var alice = factory.CreateClientWithKey(Token(Hs256, subject: "alice", roles: ["user"]));
        using var bob = factory.CreateClientWithKey(Token(Hs256, subject: "bob", roles: ["user"]));
        const string body = """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""";
        if (DateTimeOffset.UtcNow.Second >= 55)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - DateTimeOffset.UtcNow.Second));
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await alice.PostAsync("/v1/chat/completions", JsonBody(body));
            statuses.Add(response.StatusCode);
        }

        using var other = await bob.PostAsync("/v1/chat/completions", JsonBody(body));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Rs256Token_SignedByTheConfiguredKey_IsAccepted()
    {
        using var rsa = RSA.Create(2048);
        await using var factory = new SwitchboardFactory(Upstream, settings: JwtSettings(publicKeyPem: rsa.ExportSubjectPublicKeyInfoPem()));
        var rs256 = new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256);
        using var client = factory.CreateClientWithKey(Token(rs256, roles: ["user"]));

        using var response = await client.GetAsync("/api/v1/conversations");

        // An RS256 token is longer than any API key: 342 characters of signature alone.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Rs256Configured_TokenSignedWithAnotherKeyOrAsHs256WithThePublicKey_Is401()
    {
        using var rsa = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var pem = rsa.ExportSubjectPublicKeyInfoPem();
        await using var factory = new SwitchboardFactory(Upstream, settings: JwtSettings(publicKeyPem: pem));

        // The classic confusion: the public key, which anyone may know, used as an HMAC secret.
        var confused = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(pem)), SecurityAlgorithms.HmacSha256);
        foreach (var token in new[] { Token(new SigningCredentials(new RsaSecurityKey(other), SecurityAlgorithms.RsaSha256), roles: ["user"]), Token(confused, roles: ["user"]) })
        {
            using var client = factory.CreateClientWithKey(token);
            using var response = await client.GetAsync("/api/v1/conversations");

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task ExpiredToken_Is401InvalidTokenAndAudited()
    {
        var now = DateTime.UtcNow;
        using var client = ClientFor(Token(Hs256, roles: ["user"], notBefore: now.AddHours(-2), expires: now.AddMinutes(-10)));

        using var response = await client.GetAsync("/api/v1/conversations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_token", (await JsonOf(response)).GetProperty("code").GetString());
        var failure = Assert.Single(await AuditAsync("action=auth.failure&tenant=*"));
        Assert.Equal("/api/v1/conversations", failure.GetProperty("resource").GetString());
        Assert.StartsWith("invalid token", failure.GetProperty("outcome").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_ExpiredToken_Is401InTheOpenAIFormat()
    {
        var now = DateTime.UtcNow;
        using var client = ClientFor(Token(Hs256, roles: ["user"], notBefore: now.AddHours(-2), expires: now.AddMinutes(-10)));

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Chat));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await JsonOf(response)).GetProperty("error");
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_token", error.GetProperty("code").GetString());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task TokenNotYetValid_Is401()
    {
        var now = DateTime.UtcNow;

        var status = await StatusWithAsync(Token(Hs256, roles: ["user"], notBefore: now.AddMinutes(10), expires: now.AddMinutes(20)));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task TokenWithAnotherSecret_Is401()
    {
        var other = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes("another-secret-0123456789abcdef-0123456789")), SecurityAlgorithms.HmacSha256);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(Token(other, roles: ["user"])));
    }

    [Fact]
    public async Task TokenWithAlteredClaims_Is401()
    {
        var parts = Token(Hs256, tenant: "acme", roles: ["user"]).Split('.');
        var payload = JsonNodeOf(parts[1]);
        payload["tenant"] = "globex";

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync($"{parts[0]}.{Base64Url(payload.ToJsonString())}.{parts[2]}"));
    }

    [Fact]
    public async Task TokenFromAnotherIssuer_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(Token(Hs256, roles: ["user"], issuer: "https://evil.example.test")));
    }

    [Fact]
    public async Task TokenForAnotherAudience_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(Token(Hs256, roles: ["user"], audience: "someone-else")));
    }

    [Fact]
    public async Task UnsignedTokenWithAlgNone_Is401()
    {
        var payload = Token(Hs256, roles: ["admin"]).Split('.')[1];
        var unsigned = $"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{payload}.";

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(unsigned));
    }

    [Theory]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.not-json.c2ln")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiJzb29uIn0.c2ln")]
    [InlineData("..")]
    public async Task MalformedToken_Is401(string token)
    {
        using var client = ClientFor(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");

        using var response = await client.GetAsync("/api/v1/conversations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_token", (await JsonOf(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task LargeToken_WithTheGroupClaimsOfAnIdentityProvider_IsAccepted()
    {
        var groups = Enumerable.Range(0, 60).Select(i => $"group-{Guid.NewGuid():D}-{i}").ToArray();
        var token = Token(Hs256, roles: ["user"], extra: groups.Select(g => new Claim("groups", g)));
        Assert.InRange(token.Length, 3000, JwtAuthenticator.MaxTokenLength);

        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(token));
    }

    [Fact]
    public async Task OversizedToken_Is401InvalidTokenAndAudited()
    {
        var token = Token(Hs256, roles: ["user"], extra: [new Claim("padding", new string('x', JwtAuthenticator.MaxTokenLength))]);

        using var client = ClientFor(token);
        using var response = await client.GetAsync("/api/v1/conversations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_token", (await JsonOf(response)).GetProperty("code").GetString());
        Assert.Contains(await AuditAsync("action=auth.failure&tenant=*"), f => f.GetProperty("outcome").GetString() == "oversized credentials");
    }

    [Theory]
    [InlineData("""{"exp":99999999999999999999}""")]
    [InlineData("""{"exp":1e300}""")]
    [InlineData("""{"exp":"soon"}""")]
    [InlineData("""{"exp":null}""")]
    [InlineData("""{"exp":{"at":1}}""")]
    [InlineData("""{"nbf":"yesterday"}""")]
    [InlineData("""{"nbf":-99999999999999999999}""")]
    [InlineData("""{"aud":{"x":1}}""")]
    [InlineData("""{"iss":["https://idp.example.test","https://evil.example.test"]}""")]
    [InlineData("""{"exp":-1}""")]
    public async Task SignedTokenWithOddRegisteredClaims_Is401(string claims)
    {
        var payload = JsonNodeOf(Token(Hs256, roles: ["user"]).Split('.')[1]);
        foreach (var (name, value) in System.Text.Json.Nodes.JsonNode.Parse(claims)!.AsObject())
        {
            payload[name] = value?.DeepClone();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(SignedHs256(payload.ToJsonString())));
    }

    [Fact]
    public async Task TokenWithoutTenant_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(Token(Hs256, tenant: null, roles: ["admin"])));
    }

    [Theory]
    [InlineData("acme/eu")]
    [InlineData("a tenant")]
    public async Task TokenWhoseTenantIsNotAnId_Is401(string tenant)
    {
        // 'acme/eu' + user 'x' and tenant 'acme' + user 'eu/x' would otherwise share the counters named 'acme/eu/x'.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(Token(Hs256, tenant: tenant, roles: ["user"])));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(Token(Hs256, tenant: "acme", subject: "eu/x", roles: ["user"])));
    }

    [Fact]
    public async Task TokenWithoutSubject_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(Token(Hs256, subject: null, roles: ["admin"])));
    }

    [Fact]
    public async Task RolesAsOneSpaceSeparatedString_AreEachGranted()
    {
        using var client = ClientFor(Token(Hs256, roles: ["operator user"]));

        using var chat = await client.PostAsync("/v1/chat/completions", JsonBody(Chat));
        using var queue = await client.GetAsync("/api/v1/handoff-queue");

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
    }

    [Fact]
    public async Task UnknownRolesOnly_GrantNothing()
    {
        using var client = ClientFor(Token(Hs256, roles: ["superuser", "root"]));

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Chat));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("permission_denied", (await JsonOf(response)).GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task AdminTokenOfTheRootTenant_CannotSeeOrManageOtherTenantsKeys()
    {
        // The root tenant's name in a token is only a claim: managing every tenant takes the bootstrap key's kind of
        // key, never a token.
        var (globexKey, _) = await CreateKeyAsync(new { name = "globex service", tenant = "globex", roles = new[] { "service" } });
        using var client = ClientFor(Token(Hs256, tenant: "default", roles: ["admin"]));

        using (var list = await client.GetAsync("/api/v1/keys"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.DoesNotContain(globexKey, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var query in new[] { "?tenant=*", "?tenant=globex" })
        {
            using var list = await client.GetAsync($"/api/v1/keys{query}");
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/keys/{globexKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/keys/{globexKey}/revoke", null)).StatusCode);
        using var created = await client.PostAsJsonAsync("/api/v1/keys", new { name = "sneaky", tenant = "globex", roles = new[] { "admin" } });
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
    }

    [Fact]
    public async Task AdminTokenOfTheRootTenant_CannotMintChangeOrRevokeARootAdminKey()
    {
        var (rootService, _) = await CreateKeyAsync(new { name = "root service", roles = new[] { "service" } });
        var (rootAdmin, _) = await CreateKeyAsync(new { name = "second root admin", roles = new[] { "admin" } });
        using var client = ClientFor(Token(Hs256, tenant: "default", roles: ["admin"]));

        using var minted = await client.PostAsJsonAsync("/api/v1/keys", new { name = "escalate", roles = new[] { "admin" } });
        using var raised = await client.PatchAsJsonAsync($"/api/v1/keys/{rootService}", new { roles = new[] { "admin" } });
        using var revokedBootstrap = await client.PostAsync("/api/v1/keys/key_bootstrap/revoke", null);
        using var revokedAdmin = await client.PostAsync($"/api/v1/keys/{rootAdmin}/revoke", null);
        using var rotatedAdmin = await client.PostAsync($"/api/v1/keys/{rootAdmin}/rotate", null);
        using var service = await client.PostAsJsonAsync("/api/v1/keys", new { name = "fine", roles = new[] { "service" } });

        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            new[] { minted.StatusCode, raised.StatusCode, revokedBootstrap.StatusCode, revokedAdmin.StatusCode, rotatedAdmin.StatusCode });
        Assert.Equal("permission_denied", (await JsonOf(minted)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, service.StatusCode); // keys below admin stay the token's to manage

        // The admin key and the bootstrap key still work, and the service key is still a service key.
        using var admin = ClientFor(SwitchboardFactory.AdminKey);
        using var check = await admin.GetAsync($"/api/v1/keys/{rootService}");
        Assert.Contains("\"service\"", await check.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"admin\"", await check.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminToken_ListsItsOwnTenantsKeys()
    {
        var (acmeKey, _) = await CreateKeyAsync(new { name = "acme service", tenant = "acme", roles = new[] { "service" } });
        using var client = ClientFor(Token(Hs256, tenant: "acme", roles: ["admin"]));

        using var list = await client.GetAsync("/api/v1/keys");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(acmeKey, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeys_StillWorkBesideTokens()
    {
        var (_, key) = await CreateKeyAsync(new { name = "acme user", tenant = "acme", user = "carol", roles = new[] { "user" } });
        using var client = ClientFor(key);

        using var response = await client.GetAsync("/api/v1/conversations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("SigningKey", "0123456789012345678901234567890")]
    [InlineData("PublicKeyPem", "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----")]
    [InlineData("Issuer", "")]
    [InlineData("Audience", " ")]
    [InlineData("ClockSkewSeconds", "-1")]
    public void Startup_InvalidJwtSetting_FailsNamingTheField(string field, string value)
    {
        var key = "Switchboard:Auth:Jwt:" + field;

        var exception = Assert.Throws<ConfigurationValidationException>(() => SwitchboardApplication.Build(
        [
            "--Switchboard:Auth:Jwt:Issuer=" + Issuer,
            "--Switchboard:Auth:Jwt:Audience=" + Audience,
            field == "PublicKeyPem" ? "--Switchboard:Auth:Jwt:ClockSkewSeconds=60" : "--Switchboard:Auth:Jwt:SigningKey=" + Secret,
            $"--{key}={value}",
            "--Switchboard:Storage:DatabasePath=" + Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "x.db"),
        ]));

        Assert.Equal(key + ":", Assert.Single(exception.Errors)[..(key.Length + 1)]);
        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> JwtSettings(string? signingKey = null, string? publicKeyPem = null) => new()
    {
        ["Switchboard:Auth:Jwt:Issuer"] = Issuer,
        ["Switchboard:Auth:Jwt:Audience"] = Audience,
        ["Switchboard:Auth:Jwt:SigningKey"] = signingKey,
        ["Switchboard:Auth:Jwt:PublicKeyPem"] = publicKeyPem,
    };

    private static string Token(
        SigningCredentials credentials,
        string? tenant = "acme",
        string? subject = "alice",
        string[]? roles = null,
        string issuer = Issuer,
        string audience = Audience,
        DateTime? notBefore = null,
        DateTime? expires = null,
        IEnumerable<Claim>? extra = null)
    {
        var claims = new List<Claim>(extra ?? []);
        if (subject is not null)
        {
            claims.Add(new Claim("sub", subject));
        }

        if (tenant is not null)
        {
            claims.Add(new Claim("tenant", tenant));
        }

        claims.AddRange((roles ?? []).Select(role => new Claim("roles", role)));
        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken(issuer, audience, claims, notBefore ?? now.AddMinutes(-1), expires ?? now.AddMinutes(10), credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>Signs a payload as it is, for claims <see cref="JwtSecurityToken"/> would not write.</summary>
    private static string SignedHs256(string payloadJson)
    {
        var unsigned = $"{Base64Url("""{"alg":"HS256","typ":"JWT"}""")}.{Base64Url(payloadJson)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(unsigned));
        return $"{unsigned}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(text);

    private static System.Text.Json.Nodes.JsonObject JsonNodeOf(string base64Url) =>
        System.Text.Json.Nodes.JsonNode.Parse(Base64UrlEncoder.Decode(base64Url))!.AsObject();

    private async Task<HttpStatusCode> StatusWithAsync(string token)
    {
        using var client = ClientFor(token);
        using var response = await client.GetAsync("/api/v1/conversations");
        return response.StatusCode;
    }
}
