using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// The <c>get_weather</c> tool: the current weather from a weather adapter speaking Switchboard's small contract,
/// <c>GET {base}/v1/current?location=…&amp;unit=celsius|fahrenheit</c> answering
/// <c>{"location":"Paris","temperature":18.5,"unit":"celsius","conditions":"partly cloudy"}</c>. The model gets that
/// object plus <c>message</c> and <c>message_zh</c> sentences. Without a base URL every call fails, saying which setting
/// to add.
/// </summary>
public sealed class WeatherTool : AdapterTool
{
    /// <summary>The setting that holds the base URL, named in the error when it is missing.</summary>
    public const string Setting = "Switchboard:Agents:WeatherBaseUrl";

    private static readonly JsonElement Schema = JsonElement.Parse(
        """
        {
          "type": "object",
          "properties": {
            "location": {
              "type": "string",
              "description": "The city or place, e.g. Paris, New York or 北京.",
              "minLength": 1,
              "maxLength": 200
            },
            "unit": {
              "type": "string",
              "description": "The temperature unit.",
              "enum": ["celsius", "fahrenheit"],
              "default": "celsius"
            }
          },
          "required": ["location"],
          "additionalProperties": false
        }
        """);

    private static readonly string[] ExampleUtterances =
    [
        "what's the weather in Paris",
        "what's the weather like in London today",
        "how's the weather in New York",
        "weather in Berlin",
        "is it raining in Tokyo",
        "is it cold in Moscow right now",
        "how hot is it in Madrid",
        "what's the temperature in Sydney",
        "do I need an umbrella in Amsterdam",
        "is it sunny in Rome",
        "weather forecast for Chicago",
        "北京天气怎么样",
        "上海今天天气如何",
        "广州现在多少度",
        "深圳下雨了吗",
        "杭州天气",
        "成都冷不冷",
    ];

    /// <summary>Initializes a new instance of the <see cref="WeatherTool"/> class.</summary>
    /// <param name="httpClient">The client to send with.</param>
    /// <param name="baseUrl">The weather adapter's base URL; null when none is configured.</param>
    /// <param name="logger">The logger; null for none.</param>
    public WeatherTool(HttpClient httpClient, Uri? baseUrl, ILogger? logger = null)
        : base(httpClient, baseUrl, Setting, logger)
    {
    }

    /// <inheritdoc/>
    public override string Name => "get_weather";

    /// <inheritdoc/>
    public override string Description =>
        "Gets the current weather (temperature and conditions) for a city or place. Use it whenever the user asks about the weather.";

    /// <inheritdoc/>
    public override JsonElement JsonSchema => Schema;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Examples => ExampleUtterances;

    /// <inheritdoc/>
    /// <remarks>A lookup that reads; see <see cref="CacheTtl"/> for how long its answer is reused.</remarks>
    public override bool Idempotent => true;

    /// <inheritdoc/>
    /// <remarks>Ten minutes, whatever the cache's default: weather services refresh current conditions about that often.</remarks>
    public override TimeSpan? CacheTtl => TimeSpan.FromMinutes(10);

    /// <inheritdoc/>
    /// <returns>A JSON object: the adapter's answer with <c>message</c> and <c>message_zh</c> added.</returns>
    public override async ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var location = GetString(invocation, "location").Trim();
        var unit = GetOptionalString(invocation, "unit") ?? "celsius";
        var answer = await GetJsonAsync($"/v1/current?location={Uri.EscapeDataString(location)}&unit={Uri.EscapeDataString(unit)}", cancellationToken).ConfigureAwait(false);

        if (answer.ValueKind != JsonValueKind.Object)
        {
            throw new ToolException("The weather service did not answer with a JSON object.");
        }

        if (!answer.TryGetProperty("temperature", out var temperature) || temperature.ValueKind != JsonValueKind.Number)
        {
            throw new ToolException("The weather service's answer has no numeric 'temperature'.");
        }

        var result = JsonNode.Parse(answer.GetRawText())!.AsObject();
        var place = Text(answer, "location") ?? location;
        var answeredUnit = Text(answer, "unit") ?? unit;
        var conditions = Text(answer, "conditions");
        result["location"] = place;
        result["unit"] = answeredUnit;

        var degrees = $"{temperature.GetDouble().ToString("0.#", CultureInfo.InvariantCulture)} {(answeredUnit == "fahrenheit" ? "°F" : "°C")}";
        result["message"] = conditions is null ? $"It is {degrees} in {place}." : $"It is {degrees} and {conditions} in {place}.";
        result["message_zh"] = conditions is null ? $"{place}现在 {degrees}。" : $"{place}现在 {degrees}，{conditions}。";
        return JsonSerializer.SerializeToElement(result);
    }
}
