namespace Switchboard.Agents.Runtime;

/// <summary>Why a conversation goes to a person, and how urgently.</summary>
/// <param name="Reason">The reason, in words.</param>
/// <param name="Priority">The queue priority.</param>
/// <param name="Kind">The kind of reason, one of <see cref="EscalationKinds"/> (a metric label; the words may vary).</param>
public sealed record EscalationDecision(string Reason, string Priority, string Kind);
