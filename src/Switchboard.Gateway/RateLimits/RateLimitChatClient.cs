using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.RateLimits;

/// <summary>
/// The model side of rate limiting: admits each model call under the limits of the policy, route or model it was asked
/// for and, when the call reports its usage, counts its tokens against the caller's tokens-per-minute limits and those
/// of every name it went through, the model that served it included. The limits of a route's targets are applied by
/// <see cref="Routing.FailoverChatClient"/> as it tries each one. Request limits per key, user and tenant are enforced
/// by the server when the HTTP request arrives.
/// </summary>
public sealed class RateLimitChatClient : DelegatingChatClient
{
    private readonly RateLimiter _limiter;

    /// <summary>Initializes a new instance of the <see cref="RateLimitChatClient"/> class.</summary>
    public RateLimitChatClient(IChatClient innerClient, RateLimiter limiter)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        _limiter = limiter;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!_limiter.Enabled)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        var names = Names(options);
        await _limiter.AdmitModelCallAsync(names, cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var context = ModelCallContext.Current;

        // An answer without usage (an upstream that does not report it) is counted at an upper bound, as a stream is:
        // the prompt as the budgets bound it, and a token per character of the answer.
        var tokens = response.Usage is { } usage && (usage.TotalTokenCount is not null || usage.InputTokenCount is not null || usage.OutputTokenCount is not null)
            ? Tokens(usage)
            : Governance.PromptTokenEstimator.EstimateUpperBound(messages, options) + OutputCharacters(response);
        await _limiter.RecordTokensAsync(context?.TenantId, context is null ? null : CredentialId(context), context?.UserId, names with { Served = response.ModelId }, tokens, CancellationToken.None)
            .ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = _limiter.Enabled ? Names(options) : default;
        var subject = _limiter.Enabled ? Subject() : null;
        if (_limiter.Enabled)
        {
            await _limiter.AdmitModelCallAsync(names, cancellationToken).ConfigureAwait(false);
        }

        string? served = null;

        UsageDetails? usage = null;
        var usageIsFinal = false;
        var completed = false;
        var received = false;
        long outputChars = 0;
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                received = true;
                served ??= update.ModelId;
                var contents = update.Contents;
                for (var i = 0; i < contents.Count; i++)
                {
                    switch (contents[i])
                    {
                        case UsageContent usageContent:
                            usage = usageContent.Details;
                            usageIsFinal = update.AdditionalProperties?.ContainsKey(ChatContentProperties.RunningUsage) != true;
                            break;
                        case TextContent text:
                            outputChars += text.Text.Length;
                            break;
                        case FunctionCallUpdateContent fragment:
                            outputChars += fragment.ArgumentsFragment?.Length ?? 0;
                            break;
                    }
                }

                yield return update;
            }

            completed = true;
        }
        finally
        {
            if (_limiter.Enabled && (usage is not null || received))
            {
                // A stream that ends before its usage (the client left just before the last chunk, or the upstream
                // never sends it), or with only a running usage (Anthropic's first event), is counted at an upper
                // bound: the prompt as reported or as the budgets bound it, and a token per character of output.
                // Otherwise leaving early would be a way around the tokens-per-minute limit.
                var tokens = usage is not null && (usageIsFinal || completed)
                    ? Tokens(usage)
                    : Math.Max(Tokens(usage), (usage?.InputTokenCount ?? Governance.PromptTokenEstimator.EstimateUpperBound(messages, options)) + outputChars);
                await _limiter.RecordTokensAsync(subject, names with { Served = served }, tokens, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static long OutputCharacters(ChatResponse response)
    {
        long characters = 0;
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                characters += content switch
                {
                    TextContent text => text.Text.Length,
                    FunctionCallContent call => ToolCallArguments.GetJson(call).Length,
                    _ => 0,
                };
            }
        }

        return characters;
    }

    // The name the call was requested by (a routing policy, whose stage above put its choice in ModelId; a route
    // override; or the model or route named) and the route or model it goes to.
    private static ModelCallNames Names(ChatOptions? options) => new(
        options?.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.Policy) as string
            ?? options?.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.RouteOverride) as string
            ?? options?.ModelId,
        options?.ModelId);

    private static long Tokens(UsageDetails? usage) =>
        usage is null ? 0 : usage.TotalTokenCount ?? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0);

    // A caller without a key (a JWT, or anyone when authentication is off) is counted under the credential id the server
    // admitted its request under; without one (a context made outside a request) under its user, if any.
    private static RateLimitSubject? Subject() =>
        ModelCallContext.Current is { } context ? new RateLimitSubject(context.TenantId, CredentialId(context), context.UserId, null) : null;

    private static string? CredentialId(ModelCallContext context) =>
        context.KeyId ?? context.RateLimitCredential ?? (context.UserId is null ? null : $"jwt:{context.TenantId}/{context.UserId}");
}
