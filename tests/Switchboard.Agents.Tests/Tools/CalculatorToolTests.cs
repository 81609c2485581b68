using System.Text.Json;
using Switchboard.Agents.Tools;
using Switchboard.Agents.Tools.Calculator;

namespace Switchboard.Agents.Tests.Tools;

public sealed class CalculatorToolTests
{
    private readonly CalculatorTool _tool = new();

    [Fact]
    public async Task InvokeAsync_ReturnsTheExpressionAndItsResult()
    {
        var result = await InvokeAsync("""{"expression":"(3 + 5) * 2"}""");

        Assert.Equal(new CalculationResult("(3 + 5) * 2", 16), result);
    }

    [Fact]
    public async Task InvokeAsync_HidesBinaryFractionNoise()
    {
        var result = Assert.IsType<CalculationResult>(await InvokeAsync("""{"expression":"0.1 + 0.2"}"""));

        Assert.Equal(0.3, result.Result);
    }

    [Fact]
    public async Task InvokeAsync_TheLargestDoubleStaysFinite()
    {
        // Rounded to 15 digits it would read back as infinity, which the tool results cannot be serialised with.
        var result = Assert.IsType<CalculationResult>(await InvokeAsync("""{"expression":"1.7976931348623157e308"}"""));

        Assert.Equal(double.MaxValue, result.Result);
    }

    [Fact]
    public async Task InvokeAsync_TurnsAnExpressionErrorIntoAToolError()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("""{"expression":"12 / 0"}"""));

        Assert.Equal("Division by zero at position 4.", error.Message);
        Assert.IsType<ExpressionException>(error.InnerException);
    }

    [Fact]
    public async Task InvokeAsync_ReportsAMissingExpression()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("{}"));

        Assert.Equal("'expression' is required.", error.Message);
    }

    [Fact]
    public void Declaration_NamesOneRequiredStringParameterTheValidatorEnforces()
    {
        Assert.Equal("calculator", _tool.Name);
        Assert.Contains("sqrt", _tool.Description, StringComparison.Ordinal);
        Assert.Equal("expression", Assert.Single(_tool.JsonSchema.GetProperty("required").EnumerateArray()).GetString());

        Assert.True(JsonSchemaValidator.ParseAndValidate(_tool.JsonSchema, """{"expression":"1+1"}""").IsValid);
        Assert.Equal(
            "/expression: expected string, got number",
            JsonSchemaValidator.ParseAndValidate(_tool.JsonSchema, """{"expression":2}""").FormatErrors());
        Assert.False(JsonSchemaValidator.ParseAndValidate(_tool.JsonSchema, $$"""{"expression":"{{new string('1', 1001)}}"}""").IsValid);
    }

    [Fact]
    public async Task Examples_WithArithmeticInThemEvaluate()
    {
        Assert.Contains("帮我算一下 25*4", _tool.Examples);
        Assert.Equal(100, Assert.IsType<CalculationResult>(await InvokeAsync("""{"expression":"25*4"}""")).Result);
    }

    private async Task<object?> InvokeAsync(string arguments) =>
        await _tool.InvokeAsync(new ToolInvocation("conv_1", "agent", "call_1", JsonElement.Parse(arguments)), CancellationToken.None);
}
