using Microsoft.Extensions.Logging;

namespace Switchboard.Gateway.Governance;

/// <summary>The budget stage's log events (1400–1409); amounts in USD, never message text.</summary>
public sealed partial class BudgetChatClient
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "The {Budget} refused a call to {Model}: it needs up to {RequiredUsd} USD and {SpentUsd} of {LimitUsd} USD are used")]
    private partial void LogRefused(string budget, string model, decimal requiredUsd, decimal spentUsd, decimal limitUsd);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "The per-request cost limit refused a call to {Model}: it needs up to {RequiredUsd} USD, at most {MaxUsd} USD is allowed")]
    private partial void LogRequestLimit(string model, decimal requiredUsd, decimal maxUsd);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "A call to {Model} cost {ActualUsd} USD, more than its reservation of {ReservedUsd} USD; the excess was charged to its budgets")]
    private partial void LogOverrun(string model, decimal actualUsd, decimal reservedUsd);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Debug, Message = "A call to {Model} ended without usage; its reservation of {ReservedUsd} USD stays charged")]
    private partial void LogUsageMissing(string model, decimal reservedUsd);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "Settling the budgets of a call to {Model} failed; {AmountUsd} USD were not applied to its counters")]
    private partial void LogSettlementFailed(Exception exception, string model, decimal amountUsd);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "Reading what the {Budget} had spent before this process started failed; its calls are refused until a read succeeds")]
    private partial void LogSeedFailed(Exception exception, string budget);
}
