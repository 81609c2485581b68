using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;

namespace Switchboard.Gateway.Policies;

/// <summary>
/// Applies routing policies and route overrides. When <see cref="ChatOptions.ModelId"/> names a policy, the policy
/// chooses a route or model for the request; a route override (<see cref="ChatContentProperties.RouteOverride"/>)
/// replaces both the requested name and any policy's choice (an override naming a policy lets that policy choose).
/// The request goes on with the chosen name in a copy of the options, and the decision is stamped on the response, or
/// on a stream's first update, as <see cref="ChatContentProperties.Route"/> and
/// <see cref="ChatContentProperties.RouteReason"/>. Requests naming a route or model pass through untouched.
/// </summary>
public sealed partial class RoutingPolicyChatClient : DelegatingChatClient
{
    private readonly RoutingPolicyCatalog _policies;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="RoutingPolicyChatClient"/> class.</summary>
    /// <param name="innerClient">The stage below (failover).</param>
    /// <param name="policies">The policies and the catalog they route into.</param>
    /// <param name="logger">Logs each decision (policy, target, reason; never message text).</param>
    public RoutingPolicyChatClient(IChatClient innerClient, RoutingPolicyCatalog policies, ILogger<RoutingPolicyChatClient> logger)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(logger);
        _policies = policies;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        if (Decide(list, options) is not { } routed)
        {
            return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }

        var response = await base.GetResponseAsync(list, routed.Options, cancellationToken).ConfigureAwait(false);
        Stamp(response.AdditionalProperties ??= [], routed.Decision);
        return response;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return Decide(list, options) is { } routed
            ? StampFirst(base.GetStreamingResponseAsync(list, routed.Options, cancellationToken), routed.Decision, cancellationToken)
            : base.GetStreamingResponseAsync(list, options, cancellationToken);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> StampFirst(
        IAsyncEnumerable<ChatResponseUpdate> updates,
        RoutingDecision decision,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = true;
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (first)
            {
                Stamp(update.AdditionalProperties ??= [], decision);
                first = false;
            }

            yield return update;
        }
    }

    private static void Stamp(AdditionalPropertiesDictionary properties, RoutingDecision decision)
    {
        properties[ChatContentProperties.Route] = decision.Target;
        properties[ChatContentProperties.RouteReason] = decision.Reason;
    }

    /// <summary>Returns the decision and the options to send on, or null when nothing is to be decided.</summary>
    private (RoutingDecision Decision, ChatOptions Options)? Decide(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        var requested = options.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.RouteOverride) as string;
        RoutingDecision decision;
        string? policyName = null;
        if (_policies.TryGetPolicy(requested ?? options.ModelId, out var policy))
        {
            policyName = policy.Name;
            decision = policy.Decide(messages, options);
            if (requested is not null)
            {
                decision = decision with { Reason = $"override -> policy {policy.Name}: {decision.Reason}" };
            }

            LogDecided(policy.Name, decision.Target, decision.Reason);
        }
        else if (requested is not null)
        {
            decision = _policies.Models.TryGetRoute(requested, out var route, out var reason)
                ? new RoutingDecision(route.Name, "override")
                : throw new ModelNotFoundException(reason);
            LogOverridden(decision.Target);
        }
        else
        {
            return null;
        }

        var routed = options.Clone();
        routed.ModelId = decision.Target;
        if (requested is not null)
        {
            // Clone copies the dictionary: the caller's options keep the override, the stages below never see it.
            routed.AdditionalProperties!.Remove(ChatContentProperties.RouteOverride);
        }

        if (policyName is not null)
        {
            // For the rate limits below, which count a call under the name it was requested by.
            (routed.AdditionalProperties ??= [])[ChatContentProperties.Policy] = policyName;
        }

        return (decision, routed);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Routing policy {Policy} chose {Target}: {Reason}")]
    private partial void LogDecided(string policy, string target, string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Route override to {Target}")]
    private partial void LogOverridden(string target);
}
