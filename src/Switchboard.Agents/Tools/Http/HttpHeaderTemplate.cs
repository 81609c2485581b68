using System.Text.RegularExpressions;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// Header value templates of HTTP tools: <c>${env:NAME}</c> is replaced at call time by the environment variable, so an
/// API key never has to be written into a configuration file. Resolved values are secrets: never log them.
/// </summary>
internal static partial class HttpHeaderTemplate
{
    /// <summary>Checks a configured header.</summary>
    /// <returns>The problem; null when the header is fine.</returns>
    public static string? Check(string name, string? value)
    {
        if (!HeaderName().IsMatch(name))
        {
            return "is not a valid header name.";
        }

        value ??= string.Empty;
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return "the value must not contain line breaks.";
        }

        return EnvironmentReference().Replace(value, string.Empty).Contains("${", StringComparison.Ordinal)
            ? "write an environment variable as ${env:NAME} (NAME: letters, digits and '_')."
            : null;
    }

    /// <summary>Resolves the environment references of a header value.</summary>
    /// <exception cref="ToolException">A referenced variable is not set (or holds a line break).</exception>
    public static string Resolve(string name, string? template, Func<string, string?> environment) =>
        EnvironmentReference().Replace(template ?? string.Empty, match =>
        {
            var variable = match.Groups[1].Value;
            var value = environment(variable);
            if (string.IsNullOrEmpty(value))
            {
                throw new ToolException($"The header '{name}' needs the environment variable {variable}, which is not set; ask the operator to set it.");
            }

            return value.AsSpan().IndexOfAny('\r', '\n') >= 0
                ? throw new ToolException($"The environment variable {variable} for the header '{name}' contains a line break.")
                : value;
        });

    [GeneratedRegex(@"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();
}
