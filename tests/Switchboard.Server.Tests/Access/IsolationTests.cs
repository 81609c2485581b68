using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Abstractions.Agents;

namespace Switchboard.Server.Tests.Access;

/// <summary>Every endpoint family probed with a second tenant's key and a second user's key: what they may not see does not exist.</summary>
public sealed class IsolationTests : AccessTestBase
{
    private string _conversation = null!;
    private string _aliceKeyId = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private HttpClient _acmeOperator = null!;
    private HttpClient _globexAdmin = null!;
    private HttpClient _globexOperator = null!;
    private string _queueItem = null!;

    private async Task ArrangeAsync()
    {
        var (aliceId, alice) = await CreateKeyAsync(new { name = "alice", tenant = "acme", user = "alice", roles = new[] { "user" } });
        _aliceKeyId = aliceId;
        _alice = ClientFor(alice);
        _bob = ClientFor((await CreateKeyAsync(new { name = "bob", tenant = "acme", user = "bob", roles = new[] { "user" } })).Token);
        _acmeOperator = ClientFor((await CreateKeyAsync(new { name = "acme-op", tenant = "acme", user = "olga", roles = new[] { "operator" } })).Token);
        _globexAdmin = ClientFor((await CreateKeyAsync(new { name = "globex admin", tenant = "globex", roles = new[] { "admin" } })).Token);
        _globexOperator = ClientFor((await CreateKeyAsync(new { name = "globex-op", tenant = "globex", roles = new[] { "operator" } })).Token);

        using var created = await _alice.PostAsJsonAsync("/api/v1/conversations", new { title = "alice's", model = "mock:gpt-4o-mini" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _conversation = (await JsonOf(created)).GetProperty("id").GetString()!;
        using var posted = await _alice.PostAsJsonAsync($"/api/v1/conversations/{_conversation}/messages", new { content = "hello" });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var item = await Factory.Services.GetRequiredService<IHandoffQueueStore>().EnqueueAsync(
            new NewQueueItem(_conversation, "support", "asked for a person", QueuePriority.Normal, "support", "summary"), CancellationToken.None);
        _queueItem = item.Id;
    }

    [Fact]
    public async Task Conversations_OfAnotherUserOrTenant_DoNotExist()
    {
        await ArrangeAsync();
        foreach (var stranger in new[] { _bob, _globexAdmin })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/conversations/{_conversation}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/conversations/{_conversation}/messages")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/conversations/{_conversation}/trace")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/v1/conversations/{_conversation}/messages", new { content = "mine now" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/v1/conversations/{_conversation}")).StatusCode);
            var list = await (await stranger.GetAsync("/api/v1/conversations")).Content.ReadAsStringAsync();
            Assert.DoesNotContain(_conversation, list, StringComparison.Ordinal);
        }

        // Nothing changed: alice still has her two messages; the operator of her tenant sees the conversation.
        using var messages = await _alice.GetAsync($"/api/v1/conversations/{_conversation}/messages");
        Assert.Equal(2, (await JsonOf(messages)).GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await _acmeOperator.GetAsync($"/api/v1/conversations/{_conversation}")).StatusCode);
        Assert.Contains(_conversation, await (await _acmeOperator.GetAsync("/api/v1/conversations")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _acmeOperator.DeleteAsync($"/api/v1/conversations/{_conversation}")).StatusCode);
    }

    [Fact]
    public async Task HandoffQueue_OfAnotherTenant_DoesNotExist()
    {
        await ArrangeAsync();
        Assert.DoesNotContain(_queueItem, await (await _globexOperator.GetAsync("/api/v1/handoff-queue")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _globexOperator.GetAsync($"/api/v1/handoff-queue/{_queueItem}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _globexOperator.PostAsJsonAsync($"/api/v1/handoff-queue/{_queueItem}/claim", new { @operator = "mallory" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _globexOperator.PostAsJsonAsync($"/api/v1/handoff-queue/{_queueItem}/notes", new { @operator = "mallory", content = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _globexOperator.PostAsJsonAsync($"/api/v1/handoff-queue/{_queueItem}/resolve", new { @operator = "mallory" })).StatusCode);

        Assert.Contains(_queueItem, await (await _acmeOperator.GetAsync("/api/v1/handoff-queue")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var claim = await _acmeOperator.PostAsJsonAsync($"/api/v1/handoff-queue/{_queueItem}/claim", new { @operator = "olga" });
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _alice.GetAsync("/api/v1/handoff-queue")).StatusCode);

        var takeovers = await AuditAsync("action=handoff.claim&tenant=acme");
        Assert.Equal(_conversation, Assert.Single(takeovers).GetProperty("resource").GetString());
    }

    [Fact]
    public async Task HandoffQueue_AnOperatorsOwnKeyActsAsThatOperatorOnly()
    {
        await ArrangeAsync();
        var petra = ClientFor((await CreateKeyAsync(new { name = "petra-op", tenant = "acme", user = "petra", roles = new[] { "operator" } })).Token);

        // Olga's key claims without naming her; Petra's key cannot act as Olga, and as herself she does not own the item.
        using var claimed = await _acmeOperator.PostAsJsonAsync($"/api/v1/handoff-queue/{_queueItem}/claim", new { });
        using var impersonatedReply = await petra.PostAsJsonAsync($"/api/v1/handoff-queue/{_queueItem}/messages", new { @operator = "olga", content = "Hi, Olga here." });
        using var impersonatedResolve = await petra.PostAsJsonAsync($"/api/v1/handoff-queue/{_queueItem}/resolve", new { @operator = "olga" });
        using var ownReply = await petra.PostAsJsonAsync($"/api/v1/handoff-queue/{_queueItem}/messages", new { content = "Petra here." });
        using var reply = await _acmeOperator.PostAsJsonAsync($"/api/v1/handoff-queue/{_queueItem}/messages", new { content = "Hi, Olga here." });

        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal("olga", (await JsonOf(claimed)).GetProperty("operator").GetString());
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (impersonatedReply.StatusCode, impersonatedResolve.StatusCode));
        Assert.Equal(HttpStatusCode.Conflict, ownReply.StatusCode);
        Assert.Equal("operator:olga", (await JsonOf(reply)).GetProperty("author").GetString());

        // The reply and a note are audited by id; their text is not.
        using var note = await _acmeOperator.PostAsJsonAsync($"/api/v1/handoff-queue/{_queueItem}/notes", new { content = "VIP customer" });
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        var replies = await AuditAsync("action=handoff.reply&tenant=acme");
        var notes = await AuditAsync("action=handoff.note&tenant=acme");
        var replyRecord = Assert.Single(replies).GetRawText();
        Assert.Contains((await JsonOf(reply)).GetProperty("id").GetString()!, replyRecord, StringComparison.Ordinal);
        Assert.DoesNotContain("Olga here", replyRecord, StringComparison.Ordinal);
        Assert.DoesNotContain("VIP", Assert.Single(notes).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_AndAudit_OfAnotherTenant_DoNotExist()
    {
        await ArrangeAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await _globexAdmin.GetAsync($"/api/v1/keys/{_aliceKeyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _globexAdmin.PostAsync($"/api/v1/keys/{_aliceKeyId}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _globexAdmin.PostAsync($"/api/v1/keys/{_aliceKeyId}/rotate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _globexAdmin.PatchAsJsonAsync($"/api/v1/keys/{_aliceKeyId}", new { roles = new[] { "admin" } })).StatusCode);
        // Naming another tenant (or all of them) is refused, not quietly answered with the caller's own.
        foreach (var path in new[] { "/api/v1/keys?tenant=*", "/api/v1/keys?tenant=acme", "/api/v1/audit?tenant=*", "/api/v1/audit?tenant=acme" })
        {
            using var refused = await _globexAdmin.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await _globexAdmin.GetAsync("/api/v1/keys?tenant=")).StatusCode);
        var keys = await (await _globexAdmin.GetAsync("/api/v1/keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(_aliceKeyId, keys, StringComparison.Ordinal);

        var audit = await (await _globexAdmin.GetAsync("/api/v1/audit")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(_aliceKeyId, audit, StringComparison.Ordinal);
        Assert.DoesNotContain("\"acme\"", audit, StringComparison.Ordinal);

        // Agents and circuits are shared by every tenant: only the root tenant's admins change them.
        Assert.Equal(HttpStatusCode.Forbidden, (await _globexAdmin.PutAsync("/api/v1/agents/globex-bot", JsonBody("""{"name":"globex-bot","instructions":"x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _globexAdmin.GetAsync("/api/v1/admin/circuits")).StatusCode);

        // Alice's key still works: the probes changed nothing.
        Assert.Equal(HttpStatusCode.OK, (await _alice.GetAsync("/api/v1/conversations")).StatusCode);
    }

    [Fact]
    public async Task Roles_LimitEndpointFamilies()
    {
        await ArrangeAsync();
        var (_, serviceToken) = await CreateKeyAsync(new { name = "svc", tenant = "acme", roles = new[] { "service" } });
        using var service = ClientFor(serviceToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.GetAsync("/api/v1/handoff-queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.GetAsync("/api/v1/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _acmeOperator.PostAsync("/v1/chat/completions", JsonBody("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _alice.PutAsync("/api/v1/agents/evil", JsonBody("""{"name":"evil","instructions":"x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _alice.GetAsync("/api/v1/admin/circuits")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _alice.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _alice.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _acmeOperator.GetAsync("/metrics")).StatusCode); // every tenant's figures
        using var platformOperator = ClientFor((await CreateKeyAsync(new { name = "prometheus", roles = new[] { "operator" } })).Token);
        Assert.Equal(HttpStatusCode.OK, (await platformOperator.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task AllowedModels_HideEverythingElse()
    {
        var (_, token) = await CreateKeyAsync(new { name = "narrow", roles = new[] { "service" }, allowed_models = new[] { "mock:gpt-4o-mini" } });
        using var narrow = ClientFor(token);
        var models = await JsonOf(await narrow.GetAsync("/v1/models"));
        Assert.Equal(["mock:gpt-4o-mini"], models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        using var allowed = await narrow.PostAsync("/v1/chat/completions", JsonBody("""{"model":"mock/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}"""));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var other = await narrow.PostAsync("/v1/chat/completions", JsonBody("""{"model":"mock:mock-chat","messages":[{"role":"user","content":"Hi"}]}"""));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("model_not_found", (await JsonOf(other)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task AllowedModels_ApplyToTheModelAConversationGoesOnWith()
    {
        var (id, token) = await CreateKeyAsync(new { name = "narrow chat", roles = new[] { "user" }, allowed_models = new[] { "mock:gpt-4o-mini" } });
        using var narrow = ClientFor(token);

        // Another spelling of an allowed model is allowed, as on /v1.
        using var created = await narrow.PostAsJsonAsync("/api/v1/conversations", new { model = "mock/gpt-4o-mini" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var conversation = (await JsonOf(created)).GetProperty("id").GetString();
        using var first = await narrow.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { content = "Hi" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // A model it may not use is one that does not exist for it.
        using var refused = await narrow.PostAsJsonAsync("/api/v1/conversations", new { model = "mock:mock-chat" });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        // Narrowed later, the conversation's stored model is no longer one it may use.
        using var narrowed = await Client.PatchAsJsonAsync($"/api/v1/keys/{id}", new { allowed_models = new[] { "mock:mock-chat" } });
        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        var requests = Upstream.Requests.Count;
        using var later = await narrow.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { content = "Hi again" });
        Assert.Equal(HttpStatusCode.NotFound, later.StatusCode);
        Assert.Equal("model_not_found", (await JsonOf(later)).GetProperty("code").GetString());
        Assert.Equal(requests, Upstream.Requests.Count);
    }

    [Fact]
    public async Task AllowedModels_ApplyToTheModelsAnAgentConversationCalls()
    {
        // The presets answer with builtin:support; a key limited to another model cannot reach them through an agent.
        var (id, token) = await CreateKeyAsync(new { name = "builtin only", roles = new[] { "user" }, allowed_models = new[] { "builtin:support" } });
        var (_, otherToken) = await CreateKeyAsync(new { name = "mock only", roles = new[] { "user" }, allowed_models = new[] { "mock:gpt-4o-mini" } });
        using var builtinOnly = ClientFor(token);
        using var mockOnly = ClientFor(otherToken);

        var listed = await JsonOf(await mockOnly.GetAsync("/api/v1/agents"));
        Assert.Empty(listed.GetProperty("teams").EnumerateArray());
        Assert.Empty(listed.GetProperty("data").EnumerateArray());
        using var refused = await mockOnly.PostAsJsonAsync("/api/v1/conversations", new { agent = "support-desk" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        using var created = await builtinOnly.PostAsJsonAsync("/api/v1/conversations", new { agent = "support-desk" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var conversation = (await JsonOf(created)).GetProperty("id").GetString();
        using var first = await builtinOnly.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { content = "where is my order?" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // Narrowed later to a model the agents do not use, the conversation stops.
        using var narrowed = await Client.PatchAsJsonAsync($"/api/v1/keys/{id}", new { allowed_models = new[] { "mock:gpt-4o-mini" } });
        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        using var later = await builtinOnly.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { content = "and now?" });
        Assert.Equal(HttpStatusCode.Forbidden, later.StatusCode);
        Assert.Contains("allowed_models", (await JsonOf(later)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedAgents_HideOtherAgentsAndStopConversationsWithThemLater()
    {
        var (id, token) = await CreateKeyAsync(new { name = "desk only", roles = new[] { "user" }, allowed_agents = new[] { "support-desk" } });
        using var desk = ClientFor(token);
        var everything = await JsonOf(await Client.GetAsync("/api/v1/agents"));
        var deskAgents = everything.GetProperty("teams").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "support-desk")
            .GetProperty("agents").EnumerateArray().Select(a => a.GetString()!).Order(StringComparer.Ordinal).ToList();
        var other = everything.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).FirstOrDefault(n => !deskAgents.Contains(n));

        var listed = await JsonOf(await desk.GetAsync("/api/v1/agents"));
        Assert.Equal(["support-desk"], listed.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(deskAgents, listed.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"/api/v1/agents/{deskAgents[0]}")).StatusCode);
        if (other is not null)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync($"/api/v1/agents/{other}")).StatusCode);
        }

        // A conversation it started stops when an admin narrows the key's agents.
        using var created = await desk.PostAsJsonAsync("/api/v1/conversations", new { agent = "support-desk" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var conversation = (await JsonOf(created)).GetProperty("id").GetString();
        using var narrowed = await Client.PatchAsJsonAsync($"/api/v1/keys/{id}", new { allowed_agents = new[] { "tools-assistant" } });
        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        using var posted = await desk.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { content = "where is my order?" });
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Contains("support-desk", (await JsonOf(posted)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
