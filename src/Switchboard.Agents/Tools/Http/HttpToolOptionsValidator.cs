using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// Checks HTTP tool options, collecting every problem as <c>&lt;section&gt;:&lt;index&gt;:&lt;Field&gt;: problem</c>
/// (e.g. <c>Switchboard:Agents:HttpTools:0:Url: must be an absolute http or https URL</c>), so start-up can fail once,
/// naming every bad field.
/// </summary>
public static partial class HttpToolOptionsValidator
{
    /// <summary>The longest timeout a tool may have, in seconds.</summary>
    public const double MaxTimeoutSeconds = 300;

    /// <summary>Checks a list of tools: each one, and that no two share a name.</summary>
    /// <param name="tools">The tools, in configuration order.</param>
    /// <param name="section">The configuration path of the list, e.g. <c>Switchboard:Agents:HttpTools</c>.</param>
    /// <returns>Every problem; empty when the tools are fine.</returns>
    public static IReadOnlyList<string> Validate(IReadOnlyList<HttpToolOptions?> tools, string section)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var errors = new List<string>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            var path = $"{section}:{i.ToString(CultureInfo.InvariantCulture)}";
            if (tools[i] is not { } tool)
            {
                errors.Add($"{path}: is empty.");
                continue;
            }

            errors.AddRange(Validate(tool, path));
            if (!string.IsNullOrEmpty(tool.Name) && !names.TryAdd(tool.Name, i))
            {
                errors.Add($"{path}:Name: '{tool.Name}' is also the name of {section}:{names[tool.Name].ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        return errors;
    }

    /// <summary>Checks one tool.</summary>
    /// <param name="tool">The tool.</param>
    /// <param name="path">The configuration path of the tool, e.g. <c>Switchboard:Agents:HttpTools:0</c>.</param>
    /// <returns>Every problem; empty when the tool is fine.</returns>
    public static IReadOnlyList<string> Validate(HttpToolOptions tool, string path)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var problems = new List<(string Field, string Problem)>();
        if (string.IsNullOrWhiteSpace(tool.Name))
        {
            problems.Add(("Name", "is required."));
        }
        else if (!ToolName().IsMatch(tool.Name))
        {
            problems.Add(("Name", $"must be snake_case: a lowercase letter, then lowercase letters, digits or '_', at most 64 characters (got '{tool.Name}')."));
        }
        else if (tool.Name.StartsWith(TransferTool.Prefix, StringComparison.Ordinal))
        {
            problems.Add(("Name", $"names starting with '{TransferTool.Prefix}' are reserved for handoffs."));
        }

        if (string.IsNullOrWhiteSpace(tool.Description))
        {
            problems.Add(("Description", "is required: the model reads it to decide when to call the tool."));
        }

        if (ParseMethod(tool.Method) is null)
        {
            problems.Add(("Method", $"must be GET, POST, PUT, PATCH or DELETE (got '{tool.Method}')."));
        }

        var schema = HttpToolSchema.Build(tool, problems);
        if (string.IsNullOrWhiteSpace(tool.Url))
        {
            problems.Add(("Url", "is required."));
        }
        else if (HttpUrlTemplate.Check(tool.Url.Trim()) is { } problem)
        {
            problems.Add(("Url", problem));
        }
        else if (schema is { } parameters)
        {
            var declared = HttpToolSchema.PropertyNames(parameters);
            problems.AddRange(HttpUrlTemplate.Placeholders(tool.Url)
                .Where(p => !declared.Contains(p))
                .Select(p => ("Url", $"the placeholder {{{p}}} is not a declared parameter.")));

            // A path cannot leave a segment out the way a query leaves a pair out: a call without the argument could
            // only fail. So a path placeholder's parameter is required, or has a default.
            var url = tool.Url.Trim();
            var pathEnd = url.IndexOf('?', StringComparison.Ordinal);
            problems.AddRange(HttpUrlTemplate.Placeholders(pathEnd < 0 ? url : url[..pathEnd])
                .Where(p => declared.Contains(p) && !HttpToolSchema.IsRequiredOrDefaulted(parameters, p))
                .Select(p => ("Url", $"the path placeholder {{{p}}} needs its parameter to be required or to have a default.")));
        }

        foreach (var (name, value) in tool.Headers)
        {
            if (HttpHeaderTemplate.Check(name, value) is { } problem)
            {
                problems.Add(($"Headers:{name}", problem));
            }
        }

        if (!string.IsNullOrWhiteSpace(tool.ResponseField) && !ResponseFieldPath.IsValid(tool.ResponseField.Trim()))
        {
            problems.Add(("ResponseField", $"must be a dotted path such as data.items (got '{tool.ResponseField}')."));
        }

        if (tool.TimeoutSeconds is { } seconds && !(seconds > 0 && seconds <= MaxTimeoutSeconds))
        {
            problems.Add(("TimeoutSeconds", $"must be more than 0 and at most {MaxTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} seconds (got {seconds.ToString(CultureInfo.InvariantCulture)})."));
        }

        if (tool.CacheTtlSeconds is { } cacheSeconds)
        {
            if (!tool.Idempotent)
            {
                problems.Add(("CacheTtlSeconds", "applies only to idempotent tools; set Idempotent to true or remove it."));
            }
            else if (!(cacheSeconds > 0 && cacheSeconds <= AgentTool.MaxCacheTtlSeconds))
            {
                problems.Add(("CacheTtlSeconds", $"must be more than 0 and at most {AgentTool.MaxCacheTtlSeconds.ToString(CultureInfo.InvariantCulture)} seconds (got {cacheSeconds.ToString(CultureInfo.InvariantCulture)})."));
            }
        }

        return [.. problems.Select(p => $"{path}:{p.Field}: {p.Problem}")];
    }

    /// <summary>Reads a method name; null or blank means GET.</summary>
    /// <returns>The method; null when it is not one an HTTP tool may use.</returns>
    internal static HttpMethod? ParseMethod(string? method) => method?.Trim().ToUpperInvariant() switch
    {
        null or "" or "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "PUT" => HttpMethod.Put,
        "PATCH" => HttpMethod.Patch,
        "DELETE" => HttpMethod.Delete,
        _ => null,
    };

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ToolName();
}
