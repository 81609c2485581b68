namespace Switchboard.Abstractions.Governance;

/// <summary>What a budget is counted over.</summary>
public enum BudgetScope
{
    /// <summary>One API key.</summary>
    Key,

    /// <summary>One user of a tenant.</summary>
    User,

    /// <summary>One team of a tenant.</summary>
    Team,

    /// <summary>A whole tenant.</summary>
    Tenant,

    /// <summary>One conversation.</summary>
    Conversation,

    /// <summary>One agent run: the model calls made while handling one user message.</summary>
    AgentRun,
}
