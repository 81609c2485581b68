using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Telemetry;

namespace Switchboard.Gateway.Governance;

/// <summary>Settling a reservation: the actual cost replaces the worst case, or the reservation is released.</summary>
public sealed partial class BudgetChatClient
{
    /// <summary>Replaces the reservation with the actual cost; keeps it when the usage is unknown.</summary>
    private async ValueTask SettleAsync(BudgetReservation reservation, string? model, UsageDetails? usage)
    {
        if (reservation.Budgets.Length == 0)
        {
            return;
        }

        if (usage is null || (usage.InputTokenCount is null && usage.OutputTokenCount is null))
        {
            LogUsageMissing(reservation.Requested, reservation.ReservedUsd);
            return;
        }

        // A count the provider did not report is taken at its worst case.
        var input = usage.InputTokenCount ?? reservation.PromptTokens;
        var output = usage.OutputTokenCount ?? reservation.MaxOutputTokens;
        var cost = model is not null && _catalog.TryResolve(model, out var answered, out _)
                && answered.Model.ComputeCost(input, output, UsageCounts.CacheReads(usage), UsageCounts.CacheWrites(usage)) is { } priced
            ? priced
            : ((input * reservation.InputPricePerMillion) + (output * reservation.OutputPricePerMillion)) / 1_000_000m;
        var delta = NanoUsd.Ceiling(cost) - reservation.ReservedNano;
        if (delta > 0)
        {
            // The bound was wrong (an upstream ignored max_tokens, or media the estimate cannot see). Spend is real, so
            // it is counted even though it takes the budget over its limit.
            GatewayInstruments.BudgetOverruns.Add(1, new KeyValuePair<string, object?>("model", model ?? reservation.Requested));
            LogOverrun(model ?? reservation.Requested, cost, reservation.ReservedUsd);
        }

        if (delta != 0)
        {
            await ChargeAsync(reservation, delta).ConfigureAwait(false);
        }
    }

    /// <summary>Adds <paramref name="amount"/> to every budget of the reservation; never throws.</summary>
    private async ValueTask ChargeAsync(BudgetReservation reservation, long amount)
    {
        if (reservation.Budgets.Length == 0 || amount == 0)
        {
            return;
        }

        try
        {
            // Not the caller's token: a settlement must happen even when the caller has gone.
            if (_local is not null && reservation.Budgets.Length <= InProcessCounterStore.InlineCharges)
            {
                Charge(_local, reservation, amount);
            }
            else
            {
                await _counters.AddAsync(reservation.Charges(amount), CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The call's outcome stands; a lost settlement is logged, not thrown at the caller.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogSettlementFailed(exception, reservation.Requested, NanoUsd.ToUsd(amount));
        }
    }

    /// <summary>Adds <paramref name="amount"/> to every budget through the in-process store, with the charges on the stack.</summary>
    private static void Charge(InProcessCounterStore store, BudgetReservation reservation, long amount)
    {
        var charges = default(ChargeBuffer);
        Span<CounterCharge> span = charges;
        span = span[..reservation.Budgets.Length];
        reservation.Charges(amount, span);
        store.Add(span);
    }
}
