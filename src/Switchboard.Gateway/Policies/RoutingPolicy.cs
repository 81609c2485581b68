using Microsoft.Extensions.AI;

namespace Switchboard.Gateway.Policies;

/// <summary>
/// A named policy that chooses a route or model for each request. Policies are built and validated by
/// <see cref="RoutingPolicyBuilder"/>; their targets are route names or canonical model names.
/// </summary>
public abstract class RoutingPolicy
{
    /// <summary>Initializes a new instance of the <see cref="RoutingPolicy"/> class.</summary>
    /// <param name="name">The name callers use (lower case).</param>
    protected RoutingPolicy(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets the name callers use in place of a model.</summary>
    public string Name { get; }

    /// <summary>Gets how the policy chooses, as configured: <c>intent</c> or <c>complexity</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Gets every target the policy may choose, without duplicates.</summary>
    public abstract IReadOnlyList<string> Targets { get; }

    /// <summary>Chooses the target of one request.</summary>
    /// <param name="messages">The conversation, oldest first.</param>
    /// <param name="options">The request's options (tools included).</param>
    /// <returns>The target and why.</returns>
    public abstract RoutingDecision Decide(IReadOnlyList<ChatMessage> messages, ChatOptions? options);

    /// <summary>Returns the text of the last user message, or null when there is none.</summary>
    protected static string? LastUserText(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User)
            {
                return messages[i].Text;
            }
        }

        return null;
    }
}
