namespace Switchboard.Abstractions.Governance;

/// <summary>What a usage report sums by.</summary>
public enum UsageGrouping
{
    /// <summary>The UTC date the call started, as <c>yyyy-MM-dd</c>.</summary>
    Day,

    /// <summary>The tenant.</summary>
    Tenant,

    /// <summary>The API key.</summary>
    Key,

    /// <summary>The user.</summary>
    User,

    /// <summary>The team.</summary>
    Team,

    /// <summary>The agent.</summary>
    Agent,

    /// <summary>The canonical <c>provider:model</c>.</summary>
    Model,

    /// <summary>The provider.</summary>
    Provider,

    /// <summary>The route the call was routed by.</summary>
    Route,

    /// <summary>The conversation.</summary>
    Conversation,
}
