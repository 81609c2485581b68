using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// URL templates of HTTP tools: <c>{param}</c> placeholders in the path and the query, replaced by URL-escaped argument
/// values. A path placeholder needs its argument; a query pair whose placeholder has no argument is left out, so
/// optional arguments can sit in the query (<c>?lang={lang}</c>).
/// </summary>
internal static partial class HttpUrlTemplate
{
    /// <summary>Gets the placeholder names of <paramref name="template"/>, in order, without repeats.</summary>
    public static IReadOnlyList<string> Placeholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Checks that <paramref name="template"/> is an absolute http(s) URL with placeholders in the path and query only.</summary>
    /// <returns>The problem; null when the template is fine.</returns>
    public static string? Check(string template)
    {
        var sample = Placeholder().Replace(template, "x");
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"must be an absolute http or https URL (got '{template}').";
        }

        if (template.Contains('#', StringComparison.Ordinal))
        {
            return "must not have a fragment ('#').";
        }

        // The host is fixed by whoever configures the tool; a model choosing it would be a request forgery waiting to happen.
        var authorityStart = template.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = template.IndexOfAny(['/', '?'], authorityStart);
        var authority = authorityEnd < 0 ? template[authorityStart..] : template[authorityStart..authorityEnd];
        return Placeholder().IsMatch(authority) ? "placeholders are allowed in the path and the query only, not in the host." : null;
    }

    /// <summary>Expands <paramref name="template"/> with <paramref name="arguments"/>.</summary>
    /// <param name="template">A template that passed <see cref="Check"/>.</param>
    /// <param name="arguments">The tool's arguments (a JSON object).</param>
    /// <param name="appendUnused">Whether arguments the template does not name are added to the query.</param>
    /// <param name="used">Receives the names of the arguments the URL took.</param>
    /// <returns>The URL.</returns>
    /// <exception cref="ToolException">A path placeholder has no argument.</exception>
    public static Uri Expand(string template, JsonElement arguments, bool appendUnused, out HashSet<string> used)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var question = template.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? template : template[..question];
        var query = question < 0 ? string.Empty : template[(question + 1)..];

        var url = new StringBuilder(Placeholder().Replace(path, match =>
        {
            var name = match.Groups[1].Value;
            var value = TextOf(arguments, name) ?? throw new ToolException($"'{name}' is required to build the URL.");

            // Escaping keeps '/' out, but '.' and '..' are unreserved: the URL would drop or climb a path segment. So
            // would "../admin" on a server that decodes %2F or %5C before it resolves dot segments.
            if (value.Length == 0 || value.Split('/', '\\').Any(piece => piece is "." or ".."))
            {
                throw new ToolException($"'{name}' cannot be '{value}' in the URL's path: a path value may not be empty, '.' or '..', or hold them between slashes.");
            }

            taken.Add(name);
            return Uri.EscapeDataString(value);
        }));

        var pairs = new List<string>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var names = Placeholder().Matches(pair).Select(m => m.Groups[1].Value).ToList();
            if (names.Any(n => TextOf(arguments, n) is null))
            {
                continue;
            }

            taken.UnionWith(names);
            pairs.Add(Placeholder().Replace(pair, m => Uri.EscapeDataString(TextOf(arguments, m.Groups[1].Value)!)));
        }

        if (appendUnused && arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (var argument in arguments.EnumerateObject().Where(a => !taken.Contains(a.Name)))
            {
                var values = argument.Value.ValueKind == JsonValueKind.Array ? argument.Value.EnumerateArray().ToList() : [argument.Value];
                foreach (var value in values.Select(Text).OfType<string>())
                {
                    pairs.Add($"{Uri.EscapeDataString(argument.Name)}={Uri.EscapeDataString(value)}");
                }
            }
        }

        if (pairs.Count > 0)
        {
            url.Append('?').AppendJoin('&', pairs);
        }

        used = taken;
        return new Uri(url.ToString(), UriKind.Absolute);
    }

    private static string? TextOf(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var value) ? Text(value) : null;

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => string.Join(',', value.EnumerateArray().Select(Text).OfType<string>()),
        JsonValueKind.Object => value.GetRawText(),
        _ => null,
    };

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
