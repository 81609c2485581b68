namespace Switchboard.Server.Access;

/// <summary>What an endpoint requires of its caller; every endpoint declares one (or allows anonymous calls).</summary>
[Flags]
internal enum Permission
{
    /// <summary>Nothing beyond being authenticated.</summary>
    None = 0,

    /// <summary>Model calls: <c>/v1/chat/completions</c>, <c>/v1/messages</c>, <c>/v1/models</c>.</summary>
    Chat = 1 << 0,

    /// <summary>Reads conversations (its own for users and services; the tenant's for operators and admins).</summary>
    ConversationsRead = 1 << 1,

    /// <summary>Creates, posts to and deletes conversations (its own, or the tenant's for admins).</summary>
    ConversationsWrite = 1 << 2,

    /// <summary>Reads agent definitions.</summary>
    AgentsRead = 1 << 3,

    /// <summary>Works the handoff queue.</summary>
    HandoffQueue = 1 << 4,

    /// <summary>Reads usage and cost reports of the tenant.</summary>
    UsageRead = 1 << 5,

    /// <summary>Creates, changes, rotates and revokes API keys.</summary>
    KeysManage = 1 << 6,

    /// <summary>Reads the audit log.</summary>
    AuditRead = 1 << 7,

    /// <summary>Changes configuration: agents, circuits.</summary>
    ConfigManage = 1 << 8,

    /// <summary>Scrapes <c>/metrics</c>.</summary>
    Metrics = 1 << 9,

    /// <summary>Every permission.</summary>
    All = Chat | ConversationsRead | ConversationsWrite | AgentsRead | HandoffQueue | UsageRead | KeysManage | AuditRead | ConfigManage | Metrics,
}
