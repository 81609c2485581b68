using System.Net;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

/// <summary>An operator's actions on the handoff queue and their audit records are kept together or not at all.</summary>
public sealed class HandoffAuditTests
{
    private const string RefuseHandoffRecords =
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.action LIKE 'handoff.%' BEGIN SELECT RAISE(ABORT, 'audit refused'); END";

    [Fact]
    public async Task OperatorActions_WhoseAuditRecordCannotBeWritten_AreNotKept()
    {
        var database = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "switchboard.db");
        await using var desk = await SupportDesk.StartAsync("builtin", settings: new Dictionary<string, string?> { ["Switchboard:Storage:DatabasePath"] = database });
        var conversation = await desk.StartConversationAsync();
        var exchange = await desk.SendAsync(conversation, "Can I talk to a person please?");
        var item = Assert.Single(SupportDesk.Events(exchange, "escalation")).GetProperty("queue_item_id").GetString()!;

        // The audit log refuses the queue's records, as a full disk or a broken log would.
        await DatabaseSql.ExecuteAsync(database, RefuseHandoffRecords);
        var (claim, _) = await desk.PostAsync($"/api/v1/handoff-queue/{item}/claim", """{"operator":"ana"}""");
        var (note, _) = await desk.PostAsync($"/api/v1/handoff-queue/{item}/notes", """{"operator":"ana","content":"Checked the order."}""");
        var (resolve, _) = await desk.PostAsync($"/api/v1/handoff-queue/{item}/resolve", """{"operator":"ana"}""");
        await DatabaseSql.ExecuteAsync(database, "DROP TRIGGER refuse_audit");

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError], [claim, note, resolve]);
        var waiting = await desk.GetAsync($"/api/v1/handoff-queue/{item}");
        Assert.Equal("waiting", waiting.GetProperty("status").GetString());
        Assert.Equal(0, waiting.GetProperty("notes").GetArrayLength());

        // Claimed for real, the operator's reply cannot be kept without its record either.
        var (claimed, _) = await desk.PostAsync($"/api/v1/handoff-queue/{item}/claim", """{"operator":"ana"}""");
        Assert.Equal(HttpStatusCode.OK, claimed);
        var messages = (await desk.GetAsync($"/api/v1/conversations/{conversation}/messages?limit=100")).GetProperty("data").GetArrayLength();
        await DatabaseSql.ExecuteAsync(database, RefuseHandoffRecords);
        var (reply, _) = await desk.PostAsync($"/api/v1/handoff-queue/{item}/messages", """{"operator":"ana","content":"Hello, I am Ana."}""");
        await DatabaseSql.ExecuteAsync(database, "DROP TRIGGER refuse_audit");

        Assert.Equal(HttpStatusCode.InternalServerError, reply);
        Assert.Equal(messages, (await desk.GetAsync($"/api/v1/conversations/{conversation}/messages?limit=100")).GetProperty("data").GetArrayLength());
    }
}
