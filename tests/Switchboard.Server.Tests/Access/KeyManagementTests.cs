using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Abstractions.Access;
using Switchboard.Server.Access;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Access;

public sealed class KeyManagementTests : AccessTestBase
{
    [Fact]
    public async Task Create_ReturnsTheTokenOnce_ListShowsOnlyThePrefix()
    {
        var (id, token) = await CreateKeyAsync(new { name = "support bot", roles = new[] { "service" }, team = "support", requests_per_minute = 60, budgets = new[] { new { period = "day", limit_usd = 5m } } });

        using var get = await Client.GetAsync($"/api/v1/keys/{id}");
        var key = await JsonOf(get);
        Assert.False(key.TryGetProperty("key", out _), "the token is never shown again");
        Assert.StartsWith(key.GetProperty("prefix").GetString()!, token, StringComparison.Ordinal);
        Assert.Equal("support", key.GetProperty("team").GetString());
        Assert.Equal(60, key.GetProperty("requests_per_minute").GetInt32());
        Assert.Equal("day", key.GetProperty("budgets")[0].GetProperty("period").GetString());

        using var list = await Client.GetAsync("/api/v1/keys");
        var text = await list.Content.ReadAsStringAsync();
        Assert.Contains(id, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);

        using var service = ClientFor(token);
        using var chat = await service.PostAsync("/v1/chat/completions", JsonBody("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}"""));
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
    }

    [Fact]
    public async Task TenantAdminWithAllowances_CannotMakeOrLoosenKeysBeyondThem()
    {
        var (adminId, adminToken) = await CreateKeyAsync(new { name = "acme admin", tenant = "acme", roles = new[] { "admin" }, allowed_models = new[] { "mock:gpt-4o-mini" }, budgets = new[] { new { period = "day", limit_usd = 5m } } });
        using var admin = ClientFor(adminToken);

        using var unrestricted = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "any model", roles = new[] { "service" } });
        using var other = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "other model", roles = new[] { "service" }, allowed_models = new[] { "mock:mock-chat" } });
        using var within = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "same model", roles = new[] { "service" }, allowed_models = new[] { "MOCK:gpt-4o-mini" } });
        using var loosenOwn = await admin.PatchAsJsonAsync($"/api/v1/keys/{adminId}", new { budgets = Array.Empty<object>() });
        using var renameOwn = await admin.PatchAsJsonAsync($"/api/v1/keys/{adminId}", new { name = "acme admin (ops)" });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (unrestricted.StatusCode, other.StatusCode));
        Assert.Contains("allowed_models", (await JsonOf(unrestricted)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, within.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, loosenOwn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renameOwn.StatusCode);

        // The root admin may still change it.
        using var byRoot = await Client.PatchAsJsonAsync($"/api/v1/keys/{adminId}", new { allowed_models = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, byRoot.StatusCode);
    }

    [Fact]
    public async Task TenantAdminWithAnExpiringKey_CannotMakeOrExtendKeysBeyondItsExpiry()
    {
        var expiry = DateTimeOffset.UtcNow.AddDays(1);
        var (adminId, adminToken) = await CreateKeyAsync(new { name = "temp admin", tenant = "acme", roles = new[] { "admin" }, expires_at = expiry });
        using var admin = ClientFor(adminToken);

        using var forever = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "forever", roles = new[] { "service" } });
        using var later = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "later", roles = new[] { "service" }, expires_at = expiry.AddHours(1) });
        using var sooner = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "sooner", roles = new[] { "service" }, expires_at = expiry.AddHours(-1) });
        using var extendOwn = await admin.PatchAsJsonAsync($"/api/v1/keys/{adminId}", new { expires_at = (DateTimeOffset?)null });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (forever.StatusCode, later.StatusCode));
        Assert.Contains("expires_at", (await JsonOf(forever)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, sooner.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, extendOwn.StatusCode);

        // A key that never expires, made by the root admin, cannot be rotated into the temporary admin's hands.
        var (foreverId, _) = await CreateKeyAsync(new { name = "acme service", tenant = "acme", roles = new[] { "service" } });
        using var rotate = await admin.PostAsync($"/api/v1/keys/{foreverId}/rotate", null);
        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);

        using var byRoot = await Client.PatchAsJsonAsync($"/api/v1/keys/{adminId}", new { expires_at = expiry.AddDays(30) });
        Assert.Equal(HttpStatusCode.OK, byRoot.StatusCode);

        // A root admin whose own key expires is held to it as well.
        var (rootTempId, rootTempToken) = await CreateKeyAsync(new { name = "temp root", roles = new[] { "admin" }, expires_at = expiry });
        using var rootTemp = ClientFor(rootTempToken);
        using var permanentRoot = await rootTemp.PostAsJsonAsync("/api/v1/keys", new { name = "forever root", roles = new[] { "admin" } });
        using var extendRoot = await rootTemp.PatchAsJsonAsync($"/api/v1/keys/{rootTempId}", new { expires_at = (DateTimeOffset?)null });
        using var shortRoot = await rootTemp.PostAsJsonAsync("/api/v1/keys", new { name = "short root", roles = new[] { "admin" }, expires_at = expiry.AddHours(-2) });
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Created), (permanentRoot.StatusCode, extendRoot.StatusCode, shortRoot.StatusCode));
    }

    [Fact]
    public async Task TenantAdminWithAllowances_CannotRotateOrPromoteAnUnlimitedKey()
    {
        var (_, adminToken) = await CreateKeyAsync(new { name = "acme admin", tenant = "acme", roles = new[] { "admin" }, allowed_models = new[] { "mock:gpt-4o-mini" } });
        var (unlimitedId, _) = await CreateKeyAsync(new { name = "acme service", tenant = "acme", roles = new[] { "service" } });
        var (withinId, _) = await CreateKeyAsync(new { name = "acme bot", tenant = "acme", roles = new[] { "service" }, allowed_models = new[] { "mock:gpt-4o-mini" } });
        using var admin = ClientFor(adminToken);

        // Rotating hands the caller the key's token; promoting it and then rotating would give an unlimited admin.
        using var rotate = await admin.PostAsync($"/api/v1/keys/{unlimitedId}/rotate", null);
        using var promote = await admin.PatchAsJsonAsync($"/api/v1/keys/{unlimitedId}", new { roles = new[] { "admin" } });
        using var rotateWithin = await admin.PostAsync($"/api/v1/keys/{withinId}/rotate", null);
        using var renameWithin = await admin.PatchAsJsonAsync($"/api/v1/keys/{withinId}", new { name = "acme bot 2" });
        using var revokeUnlimited = await admin.PostAsync($"/api/v1/keys/{unlimitedId}/revoke", null);

        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);
        Assert.False((await JsonOf(rotate)).TryGetProperty("key", out _));
        Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rotateWithin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renameWithin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revokeUnlimited.StatusCode);
        using var unchanged = await Client.GetAsync($"/api/v1/keys/{unlimitedId}");
        Assert.DoesNotContain("admin", (await JsonOf(unchanged)).GetProperty("roles").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusalsAnEndpointMakesItself_AreAuditedAsTheMiddlewaresAre()
    {
        var (adminId, adminToken) = await CreateKeyAsync(new { name = "acme admin", tenant = "acme", roles = new[] { "admin" } });
        using var admin = ClientFor(adminToken);

        using var otherTenant = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "theirs", tenant = "globex", roles = new[] { "user" } });

        Assert.Equal(HttpStatusCode.Forbidden, otherTenant.StatusCode);
        var denied = Assert.Single(await AuditAsync("action=access.denied&tenant=*"));
        Assert.Equal(adminId, denied.GetProperty("actor").GetString());
        Assert.Equal("/api/v1/keys", denied.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task Rotate_OldTokenStops_NewTokenWorks_AndItIsAudited()
    {
        var (id, oldToken) = await CreateKeyAsync(new { name = "rotating", roles = new[] { "user" } });
        using var rotate = await Client.PostAsync($"/api/v1/keys/{id}/rotate", null);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var newToken = (await JsonOf(rotate)).GetProperty("key").GetString()!;
        Assert.NotEqual(oldToken, newToken);

        using var oldClient = ClientFor(oldToken);
        using var newClient = ClientFor(newToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldClient.GetAsync("/api/v1/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync("/api/v1/conversations")).StatusCode);

        var records = await AuditAsync("action=key.");
        Assert.Contains(records, r => r.GetProperty("action").GetString() == "key.create" && r.GetProperty("resource").GetString() == id);
        var rotated = Assert.Single(records, r => r.GetProperty("action").GetString() == "key.rotate");
        Assert.Equal("key_bootstrap", rotated.GetProperty("actor").GetString());
        Assert.DoesNotContain(newToken, rotated.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_ChangesRoles_WithBeforeAndAfterInTheAudit()
    {
        var (id, token) = await CreateKeyAsync(new { name = "promote me", roles = new[] { "user" } });
        using var user = ClientFor(token);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/v1/handoff-queue")).StatusCode);

        using var patch = await Client.PatchAsJsonAsync($"/api/v1/keys/{id}", new { roles = new[] { "user", "operator" } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/handoff-queue")).StatusCode);

        var change = Assert.Single(await AuditAsync("action=key.update"));
        Assert.Contains("\"user\"", change.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("operator", change.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("operator", change.GetProperty("after").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"roles":["user"]}""", "name")]
    [InlineData("""{"name":"x","roles":[]}""", "roles")]
    [InlineData("""{"name":"x","roles":["root"]}""", "roles")]
    [InlineData("""{"name":"x","roles":[null]}""", "roles")]
    [InlineData("""{"name":"x","roles":["user",null]}""", "roles")]
    [InlineData("""{"name":"x","roles":["user"],"team":"a b"}""", "team")]
    [InlineData("""{"name":"x","roles":["user"],"budgets":[{"period":"week","limit_usd":1}]}""", "budgets[0].period")]
    [InlineData("""{"name":"x","roles":["user"],"budgets":[{"period":"day","limit_usd":-1}]}""", "budgets[0].limit_usd")]
    [InlineData("""{"name":"x","roles":["user"],"budgets":[{"period":"day","limit_usd":100000000000000000000}]}""", "budgets[0].limit_usd")]
    [InlineData("""{"name":"x","roles":["user"],"max_cost_per_request_usd":1e20}""", "max_cost_per_request_usd")]
    [InlineData("""{"name":"x","roles":["user"],"expires_at":"2001-01-01T00:00:00Z"}""", "expires_at")]
    [InlineData("""{"name":"x","roles":["user"],"requests_per_minute":0}""", "requests_per_minute")]
    [InlineData("""{"name":"x","roles":["user"],"budgets":[{"scope":"user","period":"day","limit_usd":1}]}""", "budgets[0].scope")]
    [InlineData("""{"name":"x","roles":["user"],"user":"ann","budgets":[{"period":"day","limit_usd":1},{"scope":"team","period":"day","limit_usd":1}]}""", "budgets[1].scope")]
    public async Task Create_WithBadFields_Is400NamingTheField(string body, string field)
    {
        using var response = await Client.PostAsync("/api/v1/keys", JsonBody(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonOf(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Patch_NullClearsTheOptionalFields_AbsentOnesStay()
    {
        var (id, _) = await CreateKeyAsync(new
        {
            name = "temporary",
            roles = new[] { "service" },
            team = "support",
            user = "ann",
            requests_per_minute = 60,
            tokens_per_minute = 5000,
            max_cost_per_request_usd = 0.5m,
            expires_at = DateTimeOffset.UtcNow.AddDays(7),
        });

        using var patch = await Client.PatchAsync($"/api/v1/keys/{id}", JsonBody("""{"team":null,"requests_per_minute":null,"max_cost_per_request_usd":null,"expires_at":null}"""));

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var key = await JsonOf(await Client.GetAsync($"/api/v1/keys/{id}"));
        foreach (var cleared in new[] { "team", "requests_per_minute", "max_cost_per_request_usd", "expires_at" })
        {
            Assert.True(!key.TryGetProperty(cleared, out var value) || value.ValueKind == JsonValueKind.Null, $"{cleared}: {key.GetRawText()}");
        }

        Assert.Equal("ann", key.GetProperty("user").GetString());
        Assert.Equal(5000, key.GetProperty("tokens_per_minute").GetInt32());
    }

    [Fact]
    public async Task Patch_RemovingTheUserUnderAUserBudget_Is400_AndChangesNothing()
    {
        var (id, _) = await CreateKeyAsync(new { name = "ann's", roles = new[] { "user" }, user = "ann", budgets = new[] { new { scope = "user", period = "month", limit_usd = 20m } } });

        using var patch = await Client.PatchAsync($"/api/v1/keys/{id}", JsonBody("""{"user":null}"""));

        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.True((await JsonOf(patch)).GetProperty("errors").TryGetProperty("user", out _));
        Assert.Equal("ann", (await JsonOf(await Client.GetAsync($"/api/v1/keys/{id}"))).GetProperty("user").GetString());

        // Both at once is fine: the budget goes with its user.
        using var both = await Client.PatchAsync($"/api/v1/keys/{id}", JsonBody("""{"user":null,"budgets":[]}"""));
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
    }

    [Fact]
    public async Task Patch_WithANullRole_Is400NamingTheField_AndChangesNothing()
    {
        var (id, _) = await CreateKeyAsync(new { name = "keep me", roles = new[] { "user" } });
        using var patch = await Client.PatchAsync($"/api/v1/keys/{id}", JsonBody("""{"roles":["operator",null]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.True((await JsonOf(patch)).GetProperty("errors").TryGetProperty("roles", out _));

        var key = await JsonOf(await Client.GetAsync($"/api/v1/keys/{id}"));
        Assert.Equal(["user"], key.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task NonAdmins_CannotManageKeys_AndTenantAdminsCannotMintForOtherTenants()
    {
        var (_, operatorToken) = await CreateKeyAsync(new { name = "op", roles = new[] { "operator" } });
        using var op = ClientFor(operatorToken);
        using (var denied = await op.PostAsJsonAsync("/api/v1/keys", new { name = "sneaky", roles = new[] { "admin" } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        var (_, acmeAdmin) = await CreateKeyAsync(new { name = "acme admin", tenant = "acme", roles = new[] { "admin" } });
        using var acme = ClientFor(acmeAdmin);
        using (var other = await acme.PostAsJsonAsync("/api/v1/keys", new { name = "x", tenant = "globex", roles = new[] { "admin" } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }

        var denials = await AuditAsync("action=access.denied");
        Assert.NotEmpty(denials);
    }

    [Fact]
    public async Task List_PagesOldestFirst_WithACursor_AndRefusesABadLimit()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await CreateKeyAsync(new { name = $"paged {i}", tenant = "paging", roles = new[] { "user" } })).Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await JsonOf(await Client.GetAsync($"/api/v1/keys?tenant=paging&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}"));
            var ids = page.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("id").GetString()!).ToList();
            Assert.InRange(ids.Count, 1, 2);
            seen.AddRange(ids);
            pages++;
            cursor = page.GetProperty("has_more").GetBoolean() ? page.GetProperty("next_cursor").GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(created.Order(StringComparer.Ordinal), seen); // ids sort by creation time, to the millisecond

        foreach (var limit in new[] { "0", "501", "-3" })
        {
            using var bad = await Client.GetAsync($"/api/v1/keys?limit={limit}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await JsonOf(bad)).GetProperty("errors").TryGetProperty("limit", out _), limit);
        }
    }

    [Fact]
    public async Task KeyChanges_WhoseAuditRecordCannotBeWritten_AreNotKept()
    {
        var (id, token) = await CreateKeyAsync(new { name = "audited", roles = new[] { "user" } });
        using var listBefore = await Client.GetAsync("/api/v1/keys?limit=200");
        var keysBefore = await JsonOf(listBefore);

        // The audit log refuses every key record, as a full disk or a broken log would.
        await DatabaseSql.ExecuteAsync(Factory.DatabasePath, "CREATE TRIGGER refuse_key_audit BEFORE INSERT ON audit_log WHEN NEW.action LIKE 'key.%' BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
        try
        {
            using var create = await Client.PostAsJsonAsync("/api/v1/keys", new { name = "unaudited", roles = new[] { "user" } });
            using var patch = await Client.PatchAsJsonAsync($"/api/v1/keys/{id}", new { name = "renamed", roles = new[] { "user", "operator" } });
            using var rotate = await Client.PostAsync($"/api/v1/keys/{id}/rotate", null);
            using var revoke = await Client.PostAsync($"/api/v1/keys/{id}/revoke", null);

            Assert.All([create, patch, rotate, revoke], r => Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode));
            Assert.All([create, patch, rotate, revoke], r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        }
        finally
        {
            await DatabaseSql.ExecuteAsync(Factory.DatabasePath, "DROP TRIGGER refuse_key_audit");
        }

        // None of the four changes happened: no new key, the old name and roles, the old token still works.
        using var listAfter = await Client.GetAsync("/api/v1/keys?limit=200");
        Assert.Equal(keysBefore.GetProperty("data").GetArrayLength(), (await JsonOf(listAfter)).GetProperty("data").GetArrayLength());
        using var get = await Client.GetAsync($"/api/v1/keys/{id}");
        var key = await JsonOf(get);
        Assert.Equal("audited", key.GetProperty("name").GetString());
        Assert.Equal(["user"], key.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("active", key.GetProperty("status").GetString());
        using var user = ClientFor(token);
        using var models = await user.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    [Fact]
    public async Task Revoke_IsIdempotent_AndAuditsOnlyTheFirst()
    {
        var (id, _) = await CreateKeyAsync(new { name = "twice", roles = new[] { "user" } });
        using var first = await Client.PostAsync($"/api/v1/keys/{id}/revoke", null);
        using var second = await Client.PostAsync($"/api/v1/keys/{id}/revoke", null);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var (a, b) = (await JsonOf(first), await JsonOf(second));
        Assert.Equal("revoked", b.GetProperty("status").GetString());
        Assert.Equal(a.GetProperty("revoked_at").GetString(), b.GetProperty("revoked_at").GetString());
        Assert.Single(await AuditAsync("action=key.revoke&limit=500"), r => r.GetProperty("resource").GetString() == id);

        using var unknown = await Client.PostAsync("/api/v1/keys/key_nothere/revoke", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Cli_KeysCreateListRotateRevoke_AgainstARunningServer()
    {
        await using var server = await Infrastructure.KestrelSwitchboard.StartAsync();
        string[] connection = ["--url", server.Address, "--api-key", Infrastructure.SwitchboardFactory.AdminKey];

        var (code, output, error) = await Infrastructure.CliRunner.RunAsync(["keys", "create", "--name", "cli key", "--role", "service", "--daily-budget", "2.5", .. connection]);
        Assert.True(code == 0, error);
        var id = output.Split('\n').First(l => l.StartsWith("id:", StringComparison.Ordinal))[3..].Trim();
        var token = output.Split('\n').First(l => l.StartsWith("token:", StringComparison.Ordinal))[6..].Trim();
        Assert.StartsWith("sbk_", token, StringComparison.Ordinal);

        (code, output, _) = await Infrastructure.CliRunner.RunAsync(["keys", "list", .. connection]);
        Assert.Equal(0, code);
        Assert.Contains(id, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);

        (code, output, _) = await Infrastructure.CliRunner.RunAsync(["keys", "rotate", id, "--json", .. connection]);
        Assert.Equal(0, code);
        Assert.NotEqual(token, JsonDocument.Parse(output).RootElement.GetProperty("key").GetString());

        (code, output, _) = await Infrastructure.CliRunner.RunAsync(["keys", "revoke", id, .. connection]);
        Assert.Equal(0, code);
        Assert.Contains("revoked", output, StringComparison.Ordinal);

        (code, _, error) = await Infrastructure.CliRunner.RunAsync(["keys", "list", "--url", server.Address, "--api-key", "nonsense"]);
        Assert.Equal(1, code);
        Assert.Contains("401", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_KeysList_ReadsEveryPage()
    {
        await using var server = await Infrastructure.KestrelSwitchboard.StartAsync();
        var keys = server.Factory.Services.GetRequiredService<ApiKeyService>();
        var tenant = server.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccessOptions>>().Value.RootTenant;
        var ids = new List<string>();
        for (var i = 0; i < 501; i++)
        {
            var (key, _) = await keys.CreateAsync(new KeyDraft($"bulk {i}", tenant, null, null, [Roles.User], new ApiKeySettings(), new Dictionary<string, string>(), null), null, CancellationToken.None);
            ids.Add(key.Id);
        }

        var (code, output, error) = await Infrastructure.CliRunner.RunAsync(["keys", "list", "--json", "--url", server.Address, "--api-key", Infrastructure.SwitchboardFactory.AdminKey]);
        Assert.True(code == 0, error);
        var listed = JsonDocument.Parse(output).RootElement.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("id").GetString()).ToHashSet();
        Assert.True(listed.Count > 501, $"{listed.Count} keys listed");
        Assert.All(ids, id => Assert.Contains(id, listed));
    }
}
