using System.Text.Json;
using Switchboard.Agents.Tools;
using Switchboard.Agents.Tools.Http;

namespace Switchboard.Agents.Tests.Tools.Http;

public sealed class WebSearchToolTests : IDisposable
{
    private const string ThreeResults = """
        {"results":[
          {"title":"Switchboard","url":"https://switchboard.example/","snippet":"An AI gateway."},
          {"title":"Gateway docs","url":"https://switchboard.example/docs","snippet":"How to run it."},
          {"title":"Release notes","url":"https://switchboard.example/releases"}
        ]}
        """;

    private readonly FakeHttpHandler _handler = new();
    private readonly HttpClient _client;

    public WebSearchToolTests()
    {
        _client = _handler.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _handler.Dispose();
    }

    [Fact]
    public async Task InvokeAsync_Configured_ReturnsResultsAndATitleUrlSummary()
    {
        _handler.Respond = _ => FakeHttpHandler.Json(ThreeResults);
        var tool = new WebSearchTool(_client, new Uri("http://search.test"));

        var result = Assert.IsType<JsonElement>(await tool.InvokeAsync(Call("""{"query":"switchboard gateway & docs","max_results":2}"""), CancellationToken.None));

        Assert.Equal("http://search.test/v1/search?q=switchboard%20gateway%20%26%20docs&count=2", _handler.Requests[0].RequestUri!.AbsoluteUri);
        Assert.Equal("switchboard gateway & docs", result.GetProperty("query").GetString());
        var results = result.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal("Gateway docs", results[1].GetProperty("title").GetString());
        Assert.Equal("How to run it.", results[1].GetProperty("snippet").GetString());
        Assert.Equal(
            "Top results for \"switchboard gateway & docs\":\nSwitchboard — https://switchboard.example/\nGateway docs — https://switchboard.example/docs",
            result.GetProperty("message").GetString());
        Assert.StartsWith("“switchboard gateway & docs”的搜索结果：\nSwitchboard — https://switchboard.example/", result.GetProperty("message_zh").GetString());
    }

    [Fact]
    public async Task InvokeAsync_MaxResultsLeftOut_AsksForFive()
    {
        _handler.Respond = _ => FakeHttpHandler.Json(ThreeResults);
        var tool = new WebSearchTool(_client, new Uri("http://search.test/"));

        var result = Assert.IsType<JsonElement>(await tool.InvokeAsync(Call("""{"query":"switchboard"}"""), CancellationToken.None));

        Assert.Equal("http://search.test/v1/search?q=switchboard&count=5", _handler.Requests[0].RequestUri!.AbsoluteUri);
        Assert.Equal(3, result.GetProperty("results").GetArrayLength());
        Assert.True(result.GetProperty("results")[2].GetProperty("snippet").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task InvokeAsync_NoResults_SaysSo()
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"results":[]}""");
        var tool = new WebSearchTool(_client, new Uri("http://search.test"));

        var result = Assert.IsType<JsonElement>(await tool.InvokeAsync(Call("""{"query":"zzqx"}"""), CancellationToken.None));

        Assert.Equal("I found nothing on the web for \"zzqx\".", result.GetProperty("message").GetString());
        Assert.Equal(0, result.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task InvokeAsync_AnswerWithoutResults_ThrowsToolException()
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"items":[]}""");
        var tool = new WebSearchTool(_client, new Uri("http://search.test"));

        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(Call("""{"query":"x"}"""), CancellationToken.None));

        Assert.Equal("The search service's answer has no 'results' array.", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_NotConfigured_ThrowsNamingTheSetting()
    {
        var tool = new WebSearchTool(_client, baseUrl: null);

        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(Call("""{"query":"x"}"""), CancellationToken.None));

        Assert.Equal("web_search is not configured: set Switchboard:Agents:SearchBaseUrl.", error.Message);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public void Schema_BoundsMaxResultsAndDefaultsToFive()
    {
        var tool = new WebSearchTool(_client, baseUrl: null);

        var check = JsonSchemaValidator.Validate(tool.JsonSchema, JsonElement.Parse("""{"query":"x"}"""));

        Assert.True(check.IsValid);
        Assert.Equal(5, check.Arguments.GetProperty("max_results").GetInt32());
        Assert.False(JsonSchemaValidator.Validate(tool.JsonSchema, JsonElement.Parse("""{"query":"x","max_results":11}""")).IsValid);
        Assert.False(JsonSchemaValidator.Validate(tool.JsonSchema, JsonElement.Parse("""{"query":"x","max_results":0}""")).IsValid);
        Assert.Contains(tool.Examples, e => e.StartsWith("search the web for", StringComparison.Ordinal));
        Assert.Contains(tool.Examples, e => e.StartsWith("帮我搜索", StringComparison.Ordinal));
    }

    private static ToolInvocation Call(string arguments) => new("conv_1", "assistant", "call_1", JsonElement.Parse(arguments));
}
