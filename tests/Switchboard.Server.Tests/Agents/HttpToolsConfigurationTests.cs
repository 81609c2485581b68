using Microsoft.AspNetCore.Builder;
using Switchboard.Server.Hosting;

namespace Switchboard.Server.Tests.Agents;

public sealed class HttpToolsConfigurationTests
{
    [Fact]
    public void InvalidHttpTools_FailStartupNamingEveryField()
    {
        var exception = Assert.Throws<ConfigurationValidationException>(() => Build(
            "--Switchboard:Agents:HttpTools:0:Name=Get-Order",
            "--Switchboard:Agents:HttpTools:0:Description=Looks an order up.",
            "--Switchboard:Agents:HttpTools:0:Url=https://api.example.com/orders/{order_id}",
            "--Switchboard:Agents:HttpTools:1:Name=get_rate",
            "--Switchboard:Agents:HttpTools:1:Description=Gets a rate.",
            "--Switchboard:Agents:HttpTools:1:Method=FETCH",
            "--Switchboard:Agents:HttpTools:1:Url=ftp://rates.example.com",
            "--Switchboard:Agents:HttpTools:1:ParametersJson={\"type\":\"object\"",
            "--Switchboard:Agents:HttpTools:1:TimeoutSeconds=0",
            "--Switchboard:Agents:WeatherBaseUrl=weather.example.com",
            "--Switchboard:Agents:SearchBaseUrl=https://search.example.com/api?key=1"));

        Assert.Equal(
            [
                "Switchboard:Agents:HttpTools:0:Name",
                "Switchboard:Agents:HttpTools:0:Url",
                "Switchboard:Agents:HttpTools:1:Method",
                "Switchboard:Agents:HttpTools:1:ParametersJson",
                "Switchboard:Agents:HttpTools:1:TimeoutSeconds",
                "Switchboard:Agents:HttpTools:1:Url",
                "Switchboard:Agents:SearchBaseUrl",
                "Switchboard:Agents:WeatherBaseUrl",
            ],
            exception.Errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.Contains("Switchboard:Agents:HttpTools:0:Url: the placeholder {order_id} is not a declared parameter.", exception.Errors);
    }

    [Fact]
    public void HttpToolNamedLikeABuiltInTool_FailsStartup()
    {
        var exception = Assert.Throws<ConfigurationValidationException>(() => Build(
            "--Switchboard:Agents:HttpTools:0:Name=get_weather",
            "--Switchboard:Agents:HttpTools:0:Description=Another weather.",
            "--Switchboard:Agents:HttpTools:0:Url=https://weather.example.com/now"));

        Assert.Equal(["Switchboard:Agents:HttpTools:0:Name: 'get_weather' is the name of a built-in tool."], exception.Errors);
    }

    [Fact]
    public void HttpToolSchemaWithAReferenceToNothing_FailsStartupNamingTheField()
    {
        var exception = Assert.Throws<ConfigurationValidationException>(() => Build(
            "--Switchboard:Agents:HttpTools:0:Name=ship_order",
            "--Switchboard:Agents:HttpTools:0:Description=Ships an order.",
            "--Switchboard:Agents:HttpTools:0:Method=POST",
            "--Switchboard:Agents:HttpTools:0:Url=https://api.example.com/shipments",
            """--Switchboard:Agents:HttpTools:0:ParametersJson={"type":"object","properties":{"address":{"$ref":"#/$defs/Adress"}},"$defs":{"Address":{"type":"object"}}}"""));

        Assert.Equal(
            ["""Switchboard:Agents:HttpTools:0:ParametersJson: "$ref": "#/$defs/Adress" at '/properties/address/$ref' names nothing in the schema (only references within it, '#/…', are followed)."""],
            exception.Errors);
    }

    private static WebApplication Build(params string[] args) =>
        SwitchboardApplication.Build([.. args, "--Switchboard:Storage:DatabasePath=" + Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "x.db")]);
}
