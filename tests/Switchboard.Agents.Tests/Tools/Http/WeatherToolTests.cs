using System.Net;
using System.Text.Json;
using Switchboard.Agents.Tools;
using Switchboard.Agents.Tools.Http;

namespace Switchboard.Agents.Tests.Tools.Http;

public sealed class WeatherToolTests : IDisposable
{
    private readonly FakeHttpHandler _handler = new();
    private readonly HttpClient _client;

    public WeatherToolTests()
    {
        _client = _handler.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _handler.Dispose();
    }

    [Fact]
    public async Task InvokeAsync_Configured_CallsTheAdapterAndAddsMessages()
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"location":"Paris","temperature":18.5,"unit":"celsius","conditions":"partly cloudy","humidity":61}""");
        var tool = new WeatherTool(_client, new Uri("http://weather.test/adapter/"));

        var result = Assert.IsType<JsonElement>(await tool.InvokeAsync(Call("""{"location":"São Paulo","unit":"celsius"}"""), CancellationToken.None));

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://weather.test/adapter/v1/current?location=S%C3%A3o%20Paulo&unit=celsius", request.RequestUri!.AbsoluteUri);
        Assert.Equal("Paris", result.GetProperty("location").GetString());
        Assert.Equal(18.5, result.GetProperty("temperature").GetDouble());
        Assert.Equal("partly cloudy", result.GetProperty("conditions").GetString());
        Assert.Equal(61, result.GetProperty("humidity").GetInt32());
        Assert.Equal("It is 18.5 °C and partly cloudy in Paris.", result.GetProperty("message").GetString());
        Assert.Equal("Paris现在 18.5 °C，partly cloudy。", result.GetProperty("message_zh").GetString());
    }

    [Fact]
    public async Task InvokeAsync_FahrenheitWithoutConditions_SaysDegreesFahrenheit()
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"temperature":64,"unit":"fahrenheit"}""");
        var tool = new WeatherTool(_client, new Uri("https://weather.test"));

        var result = Assert.IsType<JsonElement>(await tool.InvokeAsync(Call("""{"location":"Boston","unit":"fahrenheit"}"""), CancellationToken.None));

        Assert.Equal("https://weather.test/v1/current?location=Boston&unit=fahrenheit", _handler.Requests[0].RequestUri!.AbsoluteUri);
        Assert.Equal("Boston", result.GetProperty("location").GetString());
        Assert.Equal("It is 64 °F in Boston.", result.GetProperty("message").GetString());
    }

    [Fact]
    public async Task InvokeAsync_UnitLeftOut_AsksForCelsius()
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"location":"北京","temperature":-3.24,"conditions":"晴"}""");
        var tool = new WeatherTool(_client, new Uri("https://weather.test"));

        var result = Assert.IsType<JsonElement>(await tool.InvokeAsync(Call("""{"location":"北京"}"""), CancellationToken.None));

        Assert.EndsWith("&unit=celsius", _handler.Requests[0].RequestUri!.AbsoluteUri);
        Assert.Equal("北京现在 -3.2 °C，晴。", result.GetProperty("message_zh").GetString());
        Assert.Equal("celsius", result.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task InvokeAsync_NotConfigured_ThrowsNamingTheSetting()
    {
        var tool = new WeatherTool(_client, baseUrl: null);

        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(Call("""{"location":"Paris"}"""), CancellationToken.None));

        Assert.Equal("get_weather is not configured: set Switchboard:Agents:WeatherBaseUrl.", error.Message);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task InvokeAsync_AnswerWithoutTemperature_ThrowsToolException()
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"location":"Paris","temperature":"warm"}""");
        var tool = new WeatherTool(_client, new Uri("https://weather.test"));

        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(Call("""{"location":"Paris"}"""), CancellationToken.None));

        Assert.Equal("The weather service's answer has no numeric 'temperature'.", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_AdapterFails_ReportsTheStatus()
    {
        _handler.Respond = _ => FakeHttpHandler.Json("""{"error":"unknown location"}""", HttpStatusCode.NotFound);
        var tool = new WeatherTool(_client, new Uri("https://weather.test"));

        var error = await Assert.ThrowsAsync<ToolException>(async () => await tool.InvokeAsync(Call("""{"location":"Atlantis"}"""), CancellationToken.None));

        Assert.Equal("""weather.test answered HTTP 404 (Not Found): {"error":"unknown location"}""", error.Message);
    }

    [Fact]
    public void Schema_RequiresLocationAndDefaultsUnitToCelsius()
    {
        var tool = new WeatherTool(_client, baseUrl: null);

        var check = JsonSchemaValidator.Validate(tool.JsonSchema, JsonElement.Parse("""{"location":"Paris"}"""));

        Assert.True(check.IsValid);
        Assert.Equal("celsius", check.Arguments.GetProperty("unit").GetString());
        Assert.False(JsonSchemaValidator.Validate(tool.JsonSchema, JsonElement.Parse("""{"unit":"kelvin"}""")).IsValid);
        Assert.Contains(tool.Examples, e => e.Contains("Paris", StringComparison.Ordinal));
        Assert.Contains(tool.Examples, e => e.Contains("天气", StringComparison.Ordinal));
    }

    private static ToolInvocation Call(string arguments) => new("conv_1", "assistant", "call_1", JsonElement.Parse(arguments));
}
