using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// What one call reserved before it was made: its worst-case cost on every budget that applies, and what the worst
/// case assumed, so that the call can be settled with its actual usage.
/// </summary>
internal sealed class BudgetReservation
{
    public BudgetReservation(
        string requested,
        AppliedBudget[] budgets,
        long reservedNano,
        long promptTokens,
        long maxOutputTokens,
        decimal inputPricePerMillion,
        decimal outputPricePerMillion,
        ChatOptions options)
    {
        Requested = requested;
        Budgets = budgets;
        ReservedNano = reservedNano;
        PromptTokens = promptTokens;
        MaxOutputTokens = maxOutputTokens;
        InputPricePerMillion = inputPricePerMillion;
        OutputPricePerMillion = outputPricePerMillion;
        Options = options;
    }

    /// <summary>Gets the route or model the call asked for.</summary>
    public string Requested { get; }

    /// <summary>Gets the budgets charged; empty when only the per-request limit applied.</summary>
    public AppliedBudget[] Budgets { get; }

    /// <summary>Gets the worst-case cost reserved on each budget, in nano-dollars.</summary>
    public long ReservedNano { get; }

    /// <summary>Gets the worst-case cost in USD.</summary>
    public decimal ReservedUsd => NanoUsd.ToUsd(ReservedNano);

    /// <summary>Gets the upper bound of the prompt's tokens.</summary>
    public long PromptTokens { get; }

    /// <summary>Gets the most output tokens the call may produce (the <c>max_tokens</c> sent upstream).</summary>
    public long MaxOutputTokens { get; }

    /// <summary>Gets the highest input price of any model the call may reach.</summary>
    public decimal InputPricePerMillion { get; }

    /// <summary>Gets the highest output price of any model the call may reach.</summary>
    public decimal OutputPricePerMillion { get; }

    /// <summary>Gets the prompt's part of the worst case (its upper bound at the highest input price), in nano-dollars.</summary>
    public long PromptNano => Math.Min(ReservedNano, NanoUsd.Ceiling(PromptTokens * InputPricePerMillion / 1_000_000m));

    /// <summary>Gets the options to send on (the caller's, or a copy with <c>MaxOutputTokens</c> set).</summary>
    public ChatOptions Options { get; }

    /// <summary>Returns the same amount for the counter of every budget (a settlement or a release).</summary>
    public CounterCharge[] Charges(long amount)
    {
        var charges = new CounterCharge[Budgets.Length];
        Charges(amount, charges);
        return charges;
    }

    /// <summary>Writes the same amount for the counter of every budget into <paramref name="charges"/>, one per budget.</summary>
    public void Charges(long amount, Span<CounterCharge> charges)
    {
        for (var i = 0; i < Budgets.Length; i++)
        {
            charges[i] = new CounterCharge(Budgets[i].Key, amount, Budgets[i].LimitNano, Budgets[i].ExpiresAt);
        }
    }
}
