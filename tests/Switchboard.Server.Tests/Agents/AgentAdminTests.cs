using System.Net;
using System.Text;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

/// <summary>Agents managed through the admin API: created, used, replaced, refused when invalid, kept across restarts, deleted.</summary>
public sealed class AgentAdminTests
{
    private const string Billing = """
        {
          "name": "billing",
          "description": "Looks orders up for billing questions.",
          "model": "builtin:support",
          "tools": ["get_order_status"],
          "examples": ["why was I charged for ORD-1001", "what did I pay for my order"]
        }
        """;

    [Fact]
    public async Task Put_CreatesAnAgentThatConversationsCanUse_AndItSurvivesARestart()
    {
        var database = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "switchboard.db");
        await using (var desk = await SupportDesk.StartAsync("builtin", settings: new Dictionary<string, string?> { ["Switchboard:Storage:DatabasePath"] = database }))
        {
            using var created = await PutAsync(desk, "billing", Billing);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
            Assert.True(body.GetProperty("managed").GetBoolean());
            Assert.Equal("api:billing", body.GetProperty("source").GetString());

            var conversation = await desk.StartConversationAsync("billing");
            var exchange = await desk.SendAsync(conversation, "Where is my order ORD-1002?");
            Assert.Equal("get_order_status", Assert.Single(SupportDesk.Events(exchange, "tool.call")).GetProperty("tool").GetString());
            Assert.Contains("has not shipped yet", SupportDesk.Reply(exchange));

            using var replaced = await PutAsync(desk, "billing", Billing.Replace("Looks orders up for billing questions.", "Billing desk.", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }

        await using var restarted = await SupportDesk.StartAsync("builtin", settings: new Dictionary<string, string?> { ["Switchboard:Storage:DatabasePath"] = database });
        var agent = await restarted.GetAsync("/api/v1/agents/billing");
        Assert.Equal("Billing desk.", agent.GetProperty("description").GetString());
        var list = await restarted.GetAsync("/api/v1/agents");
        Assert.Contains(list.GetProperty("data").EnumerateArray(), a => a.GetProperty("name").GetString() == "billing");
    }

    [Theory]
    [InlineData("billing", """{"name":"billing","model":"builtin:support","tools":["nope"]}""", "api:billing: billing.tools: unknown tool 'nope'")]
    [InlineData("billing", """{"name":"billing","model":"nobody:nothing"}""", "billing.model:")]
    [InlineData("billing", """{"name":"billing","model":"builtin:support","max_turns":0}""", "max_turns: must be a whole number from 1 to 100")]
    [InlineData("billing", """{"name":"other","model":"builtin:support"}""", "exactly one agent named 'billing'")]
    [InlineData("billing", """{"name":"billing","model":"builtin:support","handoffs":["ghost"]}""", "unknown agent 'ghost'")]
    [InlineData("billing", "{not json", "not valid YAML or JSON")]
    [InlineData("billing%0A", """{"name":"billing\n","model":"builtin:support"}""", "must be 1-64 lower-case letters")]
    [InlineData("billing", "name: billing\nmodel: builtin:support\noutput_schema: &a [*a]\n", "api:billing:3: aliases (*a) are not supported")]
    [InlineData("billing", "name: billing\nmodel: builtin:support\noutput_schema:\n  a: 1\n  !!str a: 2\n", "output_schema.a: appears twice")]
    public async Task Put_InvalidDefinition_Is400WithEveryProblem(string name, string json, string expected)
    {
        await using var desk = await SupportDesk.StartAsync("builtin");

        using var response = await PutAsync(desk, name, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected, problem);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.Client.GetAsync($"/api/v1/agents/{name}")).StatusCode);
    }

    [Fact]
    public async Task PresetAgents_AreReadOnly_AndAnAgentInUseCannotBeDeleted()
    {
        await using var desk = await SupportDesk.StartAsync("builtin");

        using var preset = await PutAsync(desk, "router", """{"name":"router","model":"builtin:support"}""");
        Assert.Equal(HttpStatusCode.Conflict, preset.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await desk.Client.DeleteAsync("/api/v1/agents/order")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await PutAsync(desk, "billing", Billing)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(desk, "front", """{"name":"front","model":"builtin:support","handoffs":["billing"]}""")).StatusCode);
        using var inUse = await desk.Client.DeleteAsync("/api/v1/agents/billing");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("unknown agent 'billing'", await inUse.Content.ReadAsStringAsync());

        var conversation = await desk.StartConversationAsync("front");
        Assert.Equal(HttpStatusCode.NoContent, (await desk.Client.DeleteAsync("/api/v1/agents/front")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await desk.Client.DeleteAsync("/api/v1/agents/billing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.Client.DeleteAsync("/api/v1/agents/billing")).StatusCode);

        // A conversation whose agent is gone gets a clear error instead of a server error.
        var gone = await desk.SendAsync(conversation, "hello?", HttpStatusCode.Conflict);
        Assert.Equal("agent_not_found", gone.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AgentAndConversationChanges_WhoseAuditRecordCannotBeWritten_AreNotKept()
    {
        var database = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "switchboard.db");
        await using var desk = await SupportDesk.StartAsync("builtin", settings: new Dictionary<string, string?> { ["Switchboard:Storage:DatabasePath"] = database });
        using (var created = await PutAsync(desk, "billing", Billing))
        using (var spare = await PutAsync(desk, "spare", Billing.Replace("\"billing\"", "\"spare\"", StringComparison.Ordinal)))
        {
            Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (created.StatusCode, spare.StatusCode));
        }

        var conversation = await desk.StartConversationAsync("billing");

        // The audit log refuses these records, as a full disk or a broken log would.
        await DatabaseSql.ExecuteAsync(database, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.action LIKE 'agent.%' OR NEW.action = 'conversation.delete' BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
        using var create = await PutAsync(desk, "refunds", Billing.Replace("\"billing\"", "\"refunds\"", StringComparison.Ordinal));
        using var update = await PutAsync(desk, "billing", Billing.Replace("Looks orders up for billing questions.", "Billing desk.", StringComparison.Ordinal));
        using var delete = await desk.Client.DeleteAsync("/api/v1/agents/spare");
        using var deleteConversation = await desk.Client.DeleteAsync($"/api/v1/conversations/{conversation}");
        await DatabaseSql.ExecuteAsync(database, "DROP TRIGGER refuse_audit");

        Assert.All([create, update, delete, deleteConversation], r => Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetWithStatusAsync("/api/v1/agents/refunds")).Status);
        Assert.Equal("Looks orders up for billing questions.", (await desk.GetAsync("/api/v1/agents/billing")).GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await desk.GetWithStatusAsync("/api/v1/agents/spare")).Status);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetWithStatusAsync($"/api/v1/conversations/{conversation}")).Status);

        // The same server still applies them once the log takes records again, and what it serves matches the store.
        using var retried = await PutAsync(desk, "refunds", Billing.Replace("\"billing\"", "\"refunds\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
    }

    private static Task<HttpResponseMessage> PutAsync(SupportDesk desk, string name, string json) =>
        desk.Client.PutAsync($"/api/v1/agents/{name}", new StringContent(json, Encoding.UTF8, "application/json"));
}
