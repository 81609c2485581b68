using System.Diagnostics;
using Switchboard.Abstractions.Telemetry;
using Switchboard.Server.Telemetry;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>Its listener samples every Switchboard span while it runs, so it runs apart from the tests that count them.</summary>
[Collection(nameof(SequentialTelemetryTests))]
public sealed class ToolHttpSpanRedactorTests : IDisposable
{
    private readonly ActivitySource _switchboard = new(SwitchboardTelemetry.Name);
    private readonly ActivitySource _http = new("System.Net.Http");
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name is SwitchboardTelemetry.Name or "System.Net.Http",
        Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public ToolHttpSpanRedactorTests() => ActivitySource.AddActivityListener(_listener);

    public void Dispose()
    {
        _listener.Dispose();
        _switchboard.Dispose();
        _http.Dispose();
    }

    [Fact]
    public void OnEnd_AToolsHttpCall_LosesItsPathButKeepsTheServer()
    {
        using var tool = _switchboard.StartActivity("execute_tool get_eta")!;
        tool.SetTag(GenAiConventions.OperationName, GenAiConventions.ExecuteToolOperation);
        using var request = _http.StartActivity("GET")!;
        request.SetTag("url.full", "https://logistics.example.com:8443/v2/orders/ORD-1001/eta?*");
        request.SetTag("url.path", "/v2/orders/ORD-1001/eta");

        new ToolHttpSpanRedactor().OnEnd(request);

        Assert.Equal("https://logistics.example.com:8443/REDACTED", request.GetTagItem("url.full"));
        Assert.Null(request.GetTagItem("url.path"));
    }

    [Fact]
    public void OnEnd_AModelCall_KeepsItsUrl()
    {
        using var chat = _switchboard.StartActivity("chat openai:gpt-4o")!;
        chat.SetTag(GenAiConventions.OperationName, "chat");
        using var request = _http.StartActivity("POST")!;
        request.SetTag("url.full", "https://api.openai.com/v1/chat/completions");

        new ToolHttpSpanRedactor().OnEnd(request);

        Assert.Equal("https://api.openai.com/v1/chat/completions", request.GetTagItem("url.full"));
    }
}
