using Switchboard.Abstractions.Chat;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

public sealed class StreamingToolCallAssemblerTests
{
    [Fact]
    public void Build_InterleavedFragments_AssembleByIndexInOrder()
    {
        var assembler = new StreamingToolCallAssembler();
        assembler.Add(new FunctionCallUpdateContent(1) { CallId = "b", Name = "time", ArgumentsFragment = "{\"tz\":" });
        assembler.Add(new FunctionCallUpdateContent(0) { CallId = "a", Name = "weather", ArgumentsFragment = "{\"city\"" });
        assembler.Add(new FunctionCallUpdateContent(1) { ArgumentsFragment = "\"CET\"}" });
        assembler.Add(new FunctionCallUpdateContent(0) { ArgumentsFragment = ":\"Paris\"}" });

        var calls = assembler.Build();

        Assert.Equal(["a", "b"], calls.Select(c => c.CallId));
        Assert.Equal("{\"city\":\"Paris\"}", ToolCallArguments.GetJson(calls[0]));
        Assert.Equal("{\"tz\":\"CET\"}", ToolCallArguments.GetJson(calls[1]));
        Assert.NotNull(calls[0].Arguments);
    }

    [Fact]
    public void Build_InvalidArguments_KeepTheRawTextAndRecordTheError()
    {
        var assembler = new StreamingToolCallAssembler();
        assembler.Add(new FunctionCallUpdateContent(0) { CallId = "a", Name = "f", ArgumentsFragment = "{\"unterminated" });

        var call = Assert.Single(assembler.Build());

        Assert.Equal("{\"unterminated", ToolCallArguments.GetJson(call));
        Assert.NotNull(call.Exception);
    }
}
