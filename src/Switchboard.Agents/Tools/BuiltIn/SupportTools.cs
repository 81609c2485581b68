using System.ComponentModel;
using Switchboard.Abstractions.Agents;

namespace Switchboard.Agents.Tools.BuiltIn;

/// <summary>
/// The support tools: <c>kb_search</c> (the knowledge base), <c>create_ticket</c> and <c>handoff_to_human</c> (the
/// runtime puts the conversation in the handoff queue once this tool has accepted its arguments).
/// </summary>
public sealed class SupportTools
{
    private readonly IOrderStore _orders;
    private readonly IKnowledgeSearch _knowledge;

    /// <summary>Initializes a new instance of the <see cref="SupportTools"/> class.</summary>
    public SupportTools(IOrderStore orders, IKnowledgeSearch knowledge)
    {
        _orders = orders;
        _knowledge = knowledge;
    }

    /// <summary>Searches the knowledge base.</summary>
    [AgentFunction(
        "kb_search",
        Description = "Search the support knowledge base (FAQ). Returns the best entries with their answers.",
        Idempotent = true,
        Examples = [
            "how do I reset my password", "I forgot my password", "the app keeps crashing", "I can't log in to my account",
            "how do I delete my account", "what does the warranty cover", "my payment was declined",
            "忘记密码怎么办", "怎么注销账号", "付款失败了", "商品保修多久",
        ])]
    public async Task<object> SearchAsync(
        [Description("What to look for, in the customer's words.")] string query,
        [Description("How many entries to return.")] int topK = 3,
        CancellationToken cancellationToken = default)
    {
        var hits = await _knowledge.SearchAsync(query, Math.Clamp(topK, 1, 10), cancellationToken).ConfigureAwait(false);
        return new
        {
            results = hits.Select(h => new { id = h.Id, question = h.Question, answer = h.Answer, score = Math.Round(h.Score, 4) }),
            message = hits.Count > 0 ? hits[0].Answer : "Nothing in the knowledge base matches that.",
            message_zh = hits.Count > 0 ? hits[0].Answer : "知识库中没有找到相关内容。",
        };
    }

    /// <summary>Creates a support ticket.</summary>
    [AgentFunction(
        "create_ticket",
        Description = "Create a support ticket for a problem the bot cannot solve now; the team follows up by e-mail.",
        Examples = [
            "please open a support ticket", "report this problem to your engineers", "log a bug report", "file a ticket for me",
            "the app crashes every time I open it, please report it", "创建工单", "帮我提交一个工单", "把这个问题报给技术部门",
        ])]
    public async Task<object> CreateTicketAsync(
        ToolInvocation invocation,
        [Description("A one-line subject.")] string subject,
        [Description("What happened, with any details the customer gave.")] string description,
        [Description("How urgent it is.")] TicketPriority priority = TicketPriority.Normal,
        CancellationToken cancellationToken = default)
    {
        var id = await _orders.CreateTicketAsync(
            invocation.ConversationId, subject, description, priority.ToString().ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        return new
        {
            ticket_id = id,
            message = $"I've opened ticket {id}; our team will follow up by e-mail.",
            message_zh = $"已为您创建工单 {id}，我们的团队会通过邮件跟进。",
        };
    }

    /// <summary>Hands the conversation to a person.</summary>
    [AgentFunction(
        "handoff_to_human",
        Description = "Hand the conversation to a person from the support team, with the reason, a priority and a short summary for them.",
        Examples = ["I want to talk to a person", "get me a human", "connect me to an agent", "转人工", "我要找客服"])]
    public static object HandoffToHuman(
        [Description("Why a person should take over.")] string reason,
        [Description("How urgent it is.")] TicketPriority priority = TicketPriority.Normal,
        [Description("A short summary of the conversation for the person.")] string? summary = null)
    {
        _ = reason;
        _ = priority;
        _ = summary;
        return new { status = "handed_over" };
    }
}
