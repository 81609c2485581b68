using System.Text.Json;
using Switchboard.Agents.Tools;

namespace Switchboard.Agents.Tests.Tools;

public sealed class MethodToolInvocationTests
{
    public enum Speed
    {
        Standard,
        NextDay,
    }

    private readonly OrderTools _target = new();

    [Fact]
    public async Task InvokeAsync_BindsArgumentsToASynchronousMethod()
    {
        var result = await InvokeAsync("quote", """{"order_id":"A-1","quantity":3,"speed":"next_day","deliver_on":"2024-05-01"}""");

        Assert.Equal("A-1 x3 NextDay 2024-05-01 EUR", result);
    }

    [Fact]
    public async Task InvokeAsync_UsesDefaultValuesForMissingArguments()
    {
        var result = await InvokeAsync("quote", """{"order_id":"A-1","deliver_on":"2024-05-01"}""");

        Assert.Equal("A-1 x1 Standard 2024-05-01 EUR", result);
    }

    [Fact]
    public async Task InvokeAsync_PassesNullForAMissingNullableArgument()
    {
        Assert.Equal("none", await InvokeAsync("note_length", "{}"));
        Assert.Equal("none", await InvokeAsync("note_length", """{"note":null}"""));
        Assert.Equal("5", await InvokeAsync("note_length", """{"note":"hello"}"""));
    }

    [Fact]
    public async Task InvokeAsync_AwaitsTaskOfT()
    {
        Assert.Equal(42, await InvokeAsync("double_async", """{"value":21}"""));
    }

    [Fact]
    public async Task InvokeAsync_AwaitsValueTaskOfT()
    {
        Assert.Equal(new[] { Speed.NextDay, Speed.Standard }, await InvokeAsync("reverse_speeds", """{"speeds":["standard","next_day"]}"""));
    }

    [Fact]
    public async Task InvokeAsync_AwaitsTaskAndValueTaskAndReturnsNull()
    {
        Assert.Null(await InvokeAsync("record_task", """{"entry":"a"}"""));
        Assert.Null(await InvokeAsync("record_value_task", """{"entry":"b"}"""));
        Assert.Null(await InvokeAsync("record_void", """{"entry":"c"}"""));

        Assert.Equal(["a", "b", "c"], _target.Log);
    }

    [Fact]
    public async Task InvokeAsync_InjectsTheInvocationAndTheCancellationToken()
    {
        using var cancellation = new CancellationTokenSource();
        var tool = ToolNamed("whoami");
        var invocation = new ToolInvocation("conv_9", "support", "call_7", JsonElement.Parse("{}"));

        var result = await tool.InvokeAsync(invocation, cancellation.Token);

        Assert.Equal("conv_9/support/call_7", result);
        Assert.Equal(cancellation.Token, _target.LastToken);
    }

    [Fact]
    public async Task InvokeAsync_AcceptsAWholeNumberWrittenWithAFraction()
    {
        Assert.Equal(6, await InvokeAsync("double_async", """{"value":3.0}"""));
    }

    [Fact]
    public async Task InvokeAsync_AcceptsWholeNumbersWrittenWithAFraction_InListsAndNullables()
    {
        Assert.Equal(new long[] { 6, 7, 100 }, await InvokeAsync("sum_lines", """{"lines":[1.0,2,3e0],"extra":[7.00],"cap":1E2}"""));
        var error = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("sum_lines", """{"lines":[1.5]}"""));
        Assert.Equal("'lines' is not a valid list.", error.Message);
        error = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("sum_lines", """{"lines":["1"]}"""));
        Assert.Equal("'lines' is not a valid list.", error.Message);
        error = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("sum_lines", """{"lines":[],"cap":300.0}"""));
        Assert.Equal("'cap' is not a valid integer.", error.Message);
        error = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("sum_lines", """{"lines":[],"extra":[123456789012345678901.0]}"""));
        Assert.Equal("'extra' is not a valid list.", error.Message);
        error = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("sum_lines", """{"lines":[1e-30]}"""));
        Assert.Equal("'lines' is not a valid list.", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_ReportsAMissingRequiredArgument()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("quote", """{"deliver_on":"2024-05-01"}"""));

        Assert.Equal("'order_id' is required.", error.Message);
    }

    [Theory]
    [InlineData("""{"order_id":"A-1","deliver_on":"May 1st"}""", "'deliver_on' is not a valid date (YYYY-MM-DD).")]
    [InlineData("""{"order_id":"A-1","deliver_on":"2024-05-01","speed":"warp"}""", "'speed' is not a valid choice.")]
    [InlineData("""{"order_id":"A-1","deliver_on":"2024-05-01","quantity":"three"}""", "'quantity' is not a valid integer.")]
    [InlineData("""{"order_id":"A-1","deliver_on":"2024-05-01","quantity":2.5}""", "'quantity' is not a valid integer.")]
    public async Task InvokeAsync_ReportsAnArgumentOfTheWrongShape(string arguments, string expected)
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("quote", arguments));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task InvokeAsync_RejectsArgumentsThatAreNotAnObject()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("note_length", "[1]"));

        Assert.Equal("The arguments must be a JSON object.", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_LetsTheMethodsExceptionsThroughUnwrapped()
    {
        var synchronous = await Assert.ThrowsAsync<InvalidOperationException>(() => InvokeAsync("explode", "{}"));
        Assert.Equal("boom", synchronous.Message);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => InvokeAsync("fail", """{"how":"sync"}"""));
        Assert.Equal("sync failure", failure.Message);

        var asyncFailure = await Assert.ThrowsAsync<InvalidOperationException>(() => InvokeAsync("fail", """{"how":"async"}"""));
        Assert.Equal("async failure", asyncFailure.Message);

        var toolFailure = await Assert.ThrowsAsync<ToolException>(() => InvokeAsync("fail", """{"how":"tool"}"""));
        Assert.Equal("no such order", toolFailure.Message);
    }

    [Fact]
    public async Task InvokeAsync_RunsWithArgumentsNormalisedByTheValidator()
    {
        var tool = ToolNamed("quote");
        var validation = JsonSchemaValidator.ParseAndValidate(tool.JsonSchema, """{"order_id":"B-2","deliver_on":"2024-12-24"}""");
        Assert.True(validation.IsValid, validation.FormatErrors());
        Assert.Equal(1, validation.Arguments.GetProperty("quantity").GetInt32());

        var result = await tool.InvokeAsync(new ToolInvocation("conv_1", "a", "call_1", validation.Arguments), CancellationToken.None);

        Assert.Equal("B-2 x1 Standard 2024-12-24 EUR", result);
    }

    [Fact]
    public void FromInstance_ReturnsEveryMarkedMethodInDeclarationOrder()
    {
        var names = MethodTool.FromInstance(_target).Select(tool => tool.Name).ToArray();

        Assert.Equal(
            ["quote", "note_length", "double_async", "reverse_speeds", "sum_lines", "record_task", "record_value_task", "record_void", "whoami", "fail", "explode", "shout"],
            names);
    }

    [Fact]
    public async Task FromInstance_IncludesStaticAndPrivateMethods()
    {
        var tool = MethodTool.FromInstance(_target).Single(tool => tool.Name == "shout");

        Assert.True(tool.Method.IsStatic);
        Assert.Equal("HEY", await tool.InvokeAsync(new ToolInvocation("c", "a", "1", JsonElement.Parse("""{"text":"hey"}""")), CancellationToken.None));
    }

    [Fact]
    public void FromInstance_RejectsTwoMethodsWithOneToolName()
    {
        var error = Assert.Throws<ArgumentException>(() => MethodTool.FromInstance(new DuplicateTools()));

        Assert.Contains("'same_name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RejectsAMethodWithoutTheAttribute()
    {
        Assert.Throws<ArgumentException>(() => MethodTool.Create(_target, typeof(OrderTools).GetMethod(nameof(OrderTools.NotATool))!));
    }

    [Theory]
    [InlineData(nameof(BadNames.Camel))]
    [InlineData(nameof(BadNames.Dashed))]
    [InlineData(nameof(BadNames.LeadingDigit))]
    public void Create_RejectsANameThatIsNotSnakeCase(string method)
    {
        Assert.Throws<ArgumentException>(() => MethodTool.Create(null, typeof(BadNames).GetMethod(method)!));
    }

    [Fact]
    public void Create_RejectsAMissingOrSuperfluousTarget()
    {
        Assert.Throws<ArgumentException>(() => MethodTool.Create(null, typeof(OrderTools).GetMethod(nameof(OrderTools.Quote))!));
        Assert.Throws<ArgumentException>(() => MethodTool.Create(_target, typeof(BadNames).GetMethod(nameof(BadNames.Camel))!));
    }

    private MethodTool ToolNamed(string name) => MethodTool.FromInstance(_target).Single(tool => tool.Name == name);

    private async Task<object?> InvokeAsync(string tool, string arguments) =>
        await ToolNamed(tool).InvokeAsync(new ToolInvocation("conv_1", "agent", "call_1", JsonElement.Parse(arguments)), CancellationToken.None);

    // The fixture's tools are instance methods on purpose: MethodTool calls them on a target.
#pragma warning disable CA1822
    private sealed class OrderTools
    {
        public List<string> Log { get; } = [];

        public CancellationToken LastToken { get; private set; }

        [AgentFunction("quote")]
        public string Quote(string orderId, DateOnly deliverOn, int quantity = 1, Speed speed = Speed.Standard, string currency = "EUR") =>
            $"{orderId} x{quantity} {speed} {deliverOn:yyyy-MM-dd} {currency}";

        [AgentFunction("note_length")]
        public string NoteLength(string? note) => note?.Length.ToString() ?? "none";

        [AgentFunction("double_async")]
        public async Task<int> DoubleAsync(int value)
        {
            await Task.Yield();
            return value * 2;
        }

        [AgentFunction("reverse_speeds")]
        public ValueTask<Speed[]> ReverseSpeeds(IReadOnlyList<Speed> speeds) => ValueTask.FromResult(speeds.Reverse().ToArray());

        [AgentFunction("sum_lines")]
        public long[] SumLines(IReadOnlyList<int> lines, List<long>? extra = null, byte? cap = null) =>
            [lines.Sum(), extra?.Sum() ?? 0, cap ?? 0];

        [AgentFunction("record_task")]
        public async Task RecordTask(string entry)
        {
            await Task.Yield();
            Log.Add(entry);
        }

        [AgentFunction("record_value_task")]
        public ValueTask RecordValueTask(string entry)
        {
            Log.Add(entry);
            return ValueTask.CompletedTask;
        }

        [AgentFunction("record_void")]
        public void RecordVoid(string entry) => Log.Add(entry);

        [AgentFunction("whoami")]
        public string WhoAmI(ToolInvocation invocation, CancellationToken cancellationToken)
        {
            LastToken = cancellationToken;
            return $"{invocation.ConversationId}/{invocation.Agent}/{invocation.CallId}";
        }

        [AgentFunction("fail")]
        public async Task<string> Fail(string how)
        {
            if (how == "sync")
            {
                throw new InvalidOperationException("sync failure");
            }

            await Task.Yield();
            throw how == "async" ? new InvalidOperationException("async failure") : new ToolException("no such order");
        }

        [AgentFunction("explode")]
        public string Explode() => throw new InvalidOperationException("boom");

        public string NotATool() => "nothing";

        [AgentFunction("shout")]
        private static string Shout(string text) => text.ToUpperInvariant();
    }

    private sealed class DuplicateTools
    {
        [AgentFunction("same_name")]
        public string First() => "1";

        [AgentFunction("same_name")]
        public string Second() => "2";
    }
#pragma warning restore CA1822

    private static class BadNames
    {
        [AgentFunction("getOrder")]
        public static string Camel() => string.Empty;

        [AgentFunction("get-order")]
        public static string Dashed() => string.Empty;

        [AgentFunction("1st_order")]
        public static string LeadingDigit() => string.Empty;
    }
}
