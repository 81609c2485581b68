using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// The <c>web_search</c> tool: web results from a search adapter speaking Switchboard's small contract,
/// <c>GET {base}/v1/search?q=…&amp;count=N</c> answering <c>{"results":[{"title":…,"url":…,"snippet":…}]}</c>. The model
/// gets the query, at most <c>max_results</c> results and a <c>message</c> listing them as "title — url" lines. Without a
/// base URL every call fails, saying which setting to add.
/// </summary>
public sealed class WebSearchTool : AdapterTool
{
    /// <summary>The setting that holds the base URL, named in the error when it is missing.</summary>
    public const string Setting = "Switchboard:Agents:SearchBaseUrl";

    private const int DefaultMaxResults = 5;

    private static readonly JsonElement Schema = JsonElement.Parse(
        """
        {
          "type": "object",
          "properties": {
            "query": {
              "type": "string",
              "description": "What to search for, as a search-engine query.",
              "minLength": 1,
              "maxLength": 500
            },
            "max_results": {
              "type": "integer",
              "description": "How many results to return.",
              "minimum": 1,
              "maximum": 10,
              "default": 5
            }
          },
          "required": ["query"],
          "additionalProperties": false
        }
        """);

    private static readonly string[] ExampleUtterances =
    [
        "search the web for the latest .NET release",
        "search the web for electric cars",
        "search online for the best hiking trails",
        "look up the news about electric cars",
        "google who won the world cup",
        "find information online about the James Webb telescope",
        "search for reviews of the new phone",
        "what's the latest news on the stock market",
        "look it up on the internet",
        "web search for open source AI gateways",
        "帮我搜索一下最新的科技新闻",
        "帮我搜索电动车",
        "上网查一下电动车的新闻",
        "搜索一下詹姆斯·韦布望远镜",
        "帮我在网上找找这本书的评价",
        "网上搜一下今天的新闻",
    ];

    /// <summary>Initializes a new instance of the <see cref="WebSearchTool"/> class.</summary>
    /// <param name="httpClient">The client to send with.</param>
    /// <param name="baseUrl">The search adapter's base URL; null when none is configured.</param>
    /// <param name="logger">The logger; null for none.</param>
    public WebSearchTool(HttpClient httpClient, Uri? baseUrl, ILogger? logger = null)
        : base(httpClient, baseUrl, Setting, logger)
    {
    }

    /// <inheritdoc/>
    public override string Name => "web_search";

    /// <inheritdoc/>
    public override string Description =>
        "Searches the web and returns the top results (title, URL and snippet). Use it for news, current events and anything you do not know.";

    /// <inheritdoc/>
    public override JsonElement JsonSchema => Schema;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Examples => ExampleUtterances;

    /// <inheritdoc/>
    /// <remarks>A search reads; within the cache's time to live the same query may be answered with the same results.</remarks>
    public override bool Idempotent => true;

    /// <inheritdoc/>
    /// <returns>A JSON object with <c>query</c>, <c>results</c>, <c>message</c> and <c>message_zh</c>.</returns>
    public override async ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var query = GetString(invocation, "query").Trim();
        var count = invocation.Arguments.TryGetProperty("max_results", out var max) && max.TryGetInt32(out var requested)
            ? Math.Clamp(requested, 1, 10)
            : DefaultMaxResults;
        var answer = await GetJsonAsync($"/v1/search?q={Uri.EscapeDataString(query)}&count={count.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);

        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("results", out var found) || found.ValueKind != JsonValueKind.Array)
        {
            throw new ToolException("The search service's answer has no 'results' array.");
        }

        var results = new JsonArray();
        var lines = new StringBuilder();
        foreach (var item in found.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
        {
            var link = Text(item, "url");
            var title = Text(item, "title") ?? link;
            if (title is null || results.Count == count)
            {
                continue;
            }

            results.Add(new JsonObject { ["title"] = title, ["url"] = link, ["snippet"] = Text(item, "snippet") });
            lines.Append('\n').Append(link is null ? title : $"{title} — {link}");
        }

        var result = new JsonObject
        {
            ["query"] = query,
            ["results"] = results,
            ["message"] = results.Count == 0 ? $"I found nothing on the web for \"{query}\"." : $"Top results for \"{query}\":{lines}",
            ["message_zh"] = results.Count == 0 ? $"没有找到与“{query}”相关的网页。" : $"“{query}”的搜索结果：{lines}",
        };
        return JsonSerializer.SerializeToElement(result);
    }
}
