using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Server.Tests.Access;

/// <summary>SQL-looking strings in every parameter: a clear 4xx (or an empty answer), and nothing else changes.</summary>
public sealed class HostileInputTests : AccessTestBase
{
    private const string Injection = "x' OR '1'='1'; DROP TABLE api_keys; --";

    [Fact]
    public async Task SqlLookingStrings_InEveryParameter_ChangeNothing()
    {
        var (keyId, _) = await CreateKeyAsync(new { name = "victim", roles = new[] { "user" } });
        using (await Client.PostAsync("/api/v1/conversations", JsonBody("""{"title":"keep me"}"""))) { }
        var before = await SnapshotAsync();
        var q = Uri.EscapeDataString(Injection);

        string[] gets =
        [
            $"/api/v1/conversations?cursor={q}",
            $"/api/v1/conversations/{q}",
            $"/api/v1/conversations/{q}/messages",
            $"/api/v1/conversations/{q}/trace",
            $"/api/v1/keys/{q}",
            $"/api/v1/keys?tenant={q}",
            $"/api/v1/audit?action={q}&actor={q}&cursor={q}",
            $"/api/v1/audit?tenant={q}",
            $"/api/v1/handoff-queue?team={q}",
            $"/api/v1/handoff-queue?priority={q}",
            $"/api/v1/handoff-queue/{q}",
            $"/api/v1/agents/{q}",
            $"/api/v1/conversations?limit={q}",
        ];
        foreach (var path in gets)
        {
            using var response = await Client.GetAsync(path);
            Assert.True((int)response.StatusCode is >= 200 and < 500, $"{path}: {(int)response.StatusCode}");
            if (!response.IsSuccessStatusCode)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        (string Path, string Body)[] posts =
        [
            ($"/api/v1/keys/{q}/revoke", "{}"),
            ($"/api/v1/keys/{q}/rotate", "{}"),
            ("/api/v1/keys", $$"""{"name":"{{Injection}}","roles":["{{Injection}}"]}"""),
            ("/api/v1/keys", $$"""{"name":"n","roles":["user"],"tenant":"{{Injection}}"}"""),
            ("/api/v1/conversations", $$"""{"model":"{{Injection}}"}"""),
            ("/api/v1/conversations", $$"""{"agent":"{{Injection}}"}"""),
            ($"/api/v1/conversations/{q}/messages", """{"content":"hi"}"""),
            ($"/api/v1/handoff-queue/{q}/claim", $$"""{"operator":"{{Injection}}"}"""),
            ("/v1/chat/completions", $$"""{"model":"{{Injection}}","messages":[{"role":"user","content":"hi"}]}"""),
        ];
        foreach (var (path, body) in posts)
        {
            using var response = await Client.PostAsync(path, JsonBody(body));
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path}: {(int)response.StatusCode}");
        }

        using (var patch = await Client.PatchAsync($"/api/v1/keys/{keyId}", JsonBody($$"""{"team":"{{Injection}}"}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        }

        Assert.Equal(before, await SnapshotAsync());
    }

    private async Task<string> SnapshotAsync()
    {
        var keys = await Factory.Services.GetRequiredService<IApiKeyStore>().ListAsync(null, true, 500, null, CancellationToken.None);
        var conversations = await Factory.Services.GetRequiredService<IConversationStore>().ListAsync(100, null, CancellationToken.None);
        return string.Join(
            "|",
            keys.Items.Select(k => $"{k.Id}:{k.Name}:{k.TeamId}:{k.RevokedAt}:{k.UpdatedAt:O}:{string.Join(',', k.Roles)}")
                .Concat(conversations.Items.Select(c => $"{c.Id}:{c.Title}:{c.MessageCount}")));
    }
}
