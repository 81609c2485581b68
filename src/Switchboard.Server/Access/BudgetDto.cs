namespace Switchboard.Server.Access;

/// <summary>A budget as the API shows it.</summary>
internal sealed record BudgetDto(string Scope, string Period, decimal LimitUsd);
