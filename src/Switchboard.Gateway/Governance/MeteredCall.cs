using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>What the metering stage learns about one model call while it runs, and the ledger entry it makes of it.</summary>
internal sealed class MeteredCall
{
    private const string CacheHitValue = "hit";

    public MeteredCall(ModelCallContext? context, string? requested, bool streaming, DateTimeOffset startedAt, long started)
    {
        Context = context;
        Requested = requested;
        Streaming = streaming;
        StartedAt = startedAt;
        Started = started;
    }

    public ModelCallContext? Context { get; }

    /// <summary>Gets the route override or model id the caller asked for.</summary>
    public string? Requested { get; }

    public bool Streaming { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Gets the <see cref="TimeProvider"/> timestamp of the start.</summary>
    public long Started { get; }

    public string? Model { get; private set; }

    public string? Provider { get; private set; }

    public string? Route { get; private set; }

    public UsageDetails? Usage { get; private set; }

    public bool CacheHit { get; private set; }

    public double? TimeToFirstTokenMs { get; private set; }

    public bool HasUpdates { get; private set; }

    public void Observe(ChatResponse response)
    {
        Model = response.ModelId ?? Model;
        Usage = response.Usage ?? Usage;
        ObserveProperties(response.AdditionalProperties);
    }

    /// <summary>Observes a stream's update; <paramref name="elapsedMs"/> is the time since the start.</summary>
    public void Observe(ChatResponseUpdate update, double elapsedMs)
    {
        if (!HasUpdates)
        {
            // The router, the routing-policy stage and the cache stamp the first update only.
            HasUpdates = true;
            TimeToFirstTokenMs = elapsedMs;
            ObserveProperties(update.AdditionalProperties);
        }

        Model = update.ModelId ?? Model;
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is UsageContent usage)
            {
                Usage = usage.Details;
            }
        }
    }

    /// <summary>Makes the ledger entry.</summary>
    /// <param name="id">The entry's id.</param>
    /// <param name="catalog">Resolves the model and its prices.</param>
    /// <param name="priceVersion">The version of the catalog's prices.</param>
    /// <param name="latencyMs">How long the call took.</param>
    /// <param name="status"><c>ok</c> or the error type.</param>
    /// <param name="errorClass">The class of the failure, for a failed call.</param>
    public LedgerEntry ToEntry(string id, IModelCatalog catalog, string priceVersion, double latencyMs, string status, string? errorClass)
    {
        // The answer's model when there is one (for a route, the target that served); else, for a failed call, the
        // model asked for, when it names one.
        var name = Model ?? Requested;
        var resolved = name is not null && catalog.TryResolve(name, out var model, out _) ? model : null;
        var prompt = Usage?.InputTokenCount ?? 0;
        var completion = Usage?.OutputTokenCount ?? 0;
        var computed = resolved?.Model.ComputeCost(prompt, completion, UsageCounts.CacheReads(Usage), UsageCounts.CacheWrites(Usage));

        // Both counts reported: an empty usage object ({}), or one with only a total, says no more than none at all.
        var counted = Usage is { InputTokenCount: not null, OutputTokenCount: not null };

        decimal? cost;
        decimal saved = 0m;
        bool unpriced;
        if (CacheHit)
        {
            // Served from the cache: nothing spent, which is known even for a model without a price; the cost avoided
            // is what the original call cost, when known (that call was recorded as unpriced itself).
            cost = 0m;
            saved = computed ?? 0m;
            unpriced = false;
        }
        else if (status != LedgerEntry.OkStatus && !counted && HasUpdates)
        {
            // A stream that broke or was left after it began, before its (full) usage: the provider billed the prompt
            // and the output so far, but how much is not known. Recorded as unknown, not as free.
            cost = null;
            unpriced = true;
        }
        else if (status != LedgerEntry.OkStatus && prompt == 0 && completion == 0)
        {
            // A failed call that answered nothing costs nothing unless the provider reported usage before it failed.
            cost = 0m;
            unpriced = false;
        }
        else if (!counted)
        {
            // A complete answer without usage (an OpenAI-compatible server that ignores stream_options.include_usage,
            // say), or with only one of its counts: the provider billed something, but what is not known. Recorded as
            // unknown, not as free or as half its price.
            cost = null;
            unpriced = true;
        }
        else
        {
            cost = computed;
            unpriced = computed is null;
        }

        var context = Context;
        return new LedgerEntry
        {
            Id = id,
            Timestamp = StartedAt,
            TenantId = context?.TenantId ?? ModelCallContext.DefaultTenant,
            KeyId = context?.KeyId,
            UserId = context?.UserId,
            TeamId = context?.TeamId,
            ConversationId = context?.ConversationId,
            Agent = context?.Agent,
            AgentRunId = context?.AgentRunId,
            Route = Route ?? Requested,
            Provider = Provider ?? resolved?.Provider.Name,
            Model = resolved?.CanonicalName ?? Model,
            Streaming = Streaming,
            PromptTokens = prompt,
            CompletionTokens = completion,
            CachedTokens = Usage?.CachedInputTokenCount ?? 0,
            ReasoningTokens = Usage?.ReasoningTokenCount ?? 0,
            InputPricePerMillion = resolved?.Model.InputPricePerMillion,
            OutputPricePerMillion = resolved?.Model.OutputPricePerMillion,
            PriceVersion = priceVersion,
            CostUsd = cost,
            Unpriced = unpriced,
            CacheHit = CacheHit,
            SavedUsd = saved,
            LatencyMs = latencyMs,
            TimeToFirstTokenMs = TimeToFirstTokenMs,
            Status = status,
            ErrorClass = errorClass,
        };
    }

    /// <summary>Notes the provider a failed call named, when nothing else did.</summary>
    public void FailedAt(string? provider) => Provider ??= provider;

    private void ObserveProperties(AdditionalPropertiesDictionary? properties)
    {
        if (properties is null)
        {
            return;
        }

        Provider = properties.GetValueOrDefault(ChatContentProperties.Provider) as string ?? Provider;
        Route = properties.GetValueOrDefault(ChatContentProperties.Route) as string ?? Route;
        CacheHit |= properties.GetValueOrDefault(ChatContentProperties.CacheStatus) as string == CacheHitValue;
    }
}
