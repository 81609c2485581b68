namespace Switchboard.Agents.Tools.Calculator;

/// <summary>What <see cref="CalculatorTool"/> returns to the model.</summary>
/// <param name="Expression">The expression as the model wrote it.</param>
/// <param name="Result">Its value, rounded to 15 significant digits (so 0.1 + 0.2 reads 0.3).</param>
public sealed record CalculationResult(string Expression, double Result)
{
    /// <summary>Gets the result in words, for a model that answers with a tool's message (the builtin model).</summary>
    public string Message => $"{Expression} = {Result.ToString("G15", System.Globalization.CultureInfo.InvariantCulture)}";
}
