using Switchboard.Agents.Tools.Http;

namespace Switchboard.Server.Agents;

/// <summary>Agent settings (section <c>Switchboard:Agents</c>).</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:Agents";

    /// <summary>Gets the presets loaded when <see cref="Presets"/> is not set.</summary>
    public static IReadOnlyList<string> DefaultPresets { get; } = ["support-desk", "tools-assistant"];

    /// <summary>
    /// Gets or sets the shipped presets to load; null for <see cref="DefaultPresets"/>. (A list default would be
    /// appended to by configuration binding, so the default is applied where the value is read.) An empty entry loads nothing.
    /// </summary>
    /// <value>The default is <c>support-desk</c> and <c>tools-assistant</c>.</value>
    public string[]? Presets { get; set; }

    /// <summary>Gets or sets a directory of agent files (<c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>) to load as well.</summary>
    /// <value>The default is none.</value>
    public string? Directory { get; set; }

    /// <summary>
    /// Gets or sets a model that replaces the model of every preset agent (e.g. <c>openai:gpt-4o-mini</c>), so a
    /// preset runs on an LLM with one setting. Routers keep their routing mode.
    /// </summary>
    /// <value>The default is none: presets run on the offline <c>builtin</c> model.</value>
    public string? Model { get; set; }

    /// <summary>Gets or sets the days after delivery in which <c>request_refund</c> accepts a refund.</summary>
    /// <value>The default is 30.</value>
    public int RefundWindowDays { get; set; } = 30;

    /// <summary>Gets or sets the knowledge base <c>kb_search</c> searches.</summary>
    /// <value>The default is <c>support</c>.</value>
    public string KnowledgeBase { get; set; } = "support";

    /// <summary>Gets or sets a value indicating whether the demo orders are seeded into an empty orders table at start-up.</summary>
    /// <value>The default is true.</value>
    public bool DemoOrders { get; set; } = true;

    /// <summary>
    /// Gets or sets the base URL of the weather adapter <c>get_weather</c> calls (<c>GET {base}/v1/current</c>; the
    /// contract is in <c>docs/agents-http-tools.md</c>). An absolute http or https URL.
    /// </summary>
    /// <value>The default is none: <c>get_weather</c> is registered but answers that it is not configured.</value>
    public string? WeatherBaseUrl { get; set; }

    /// <summary>
    /// Gets or sets the base URL of the search adapter <c>web_search</c> calls (<c>GET {base}/v1/search</c>; the
    /// contract is in <c>docs/agents-http-tools.md</c>). An absolute http or https URL.
    /// </summary>
    /// <value>The default is none: <c>web_search</c> is registered but answers that it is not configured.</value>
    public string? SearchBaseUrl { get; set; }

    /// <summary>
    /// Gets the HTTP tools declared in configuration (<c>Switchboard:Agents:HttpTools:0:Name</c> and so on): each calls
    /// a JSON API and becomes a tool agents can name. See <see cref="HttpToolOptions"/> and <c>docs/agents-http-tools.md</c>.
    /// </summary>
    /// <value>The default is none.</value>
    public List<HttpToolOptions> HttpTools { get; } = [];

    /// <summary>
    /// Gets the tool result cache settings (<c>Switchboard:Agents:ToolCache</c>): repeated calls of idempotent tools with
    /// the same arguments are answered from memory. See <see cref="ToolCacheOptions"/> and <c>docs/agents.md</c>.
    /// </summary>
    /// <value>The default is enabled, 16 MiB, 300 seconds.</value>
    public ToolCacheOptions ToolCache { get; } = new();
}
