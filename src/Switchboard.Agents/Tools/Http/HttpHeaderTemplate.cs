using System.Text.RegularExpressions;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// Header value templates of HTTP tools, resolved at call time: <c>${env:NAME}</c> by the environment variable, so an API
/// key never has to be written into a configuration file, and <c>${call:tenant}</c> by the tenant the call is made for,
/// so that an API shared by tenants learns whose data to use from the server, never from the model. Resolved values are
/// secrets: never log them.
/// </summary>
internal static partial class HttpHeaderTemplate
{
    /// <summary>The call value a header may name: <c>${call:tenant}</c>.</summary>
    public const string Tenant = "tenant";

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

        foreach (Match reference in Reference().Matches(value))
        {
            if (reference.Groups[1].Value == "call" && reference.Groups[2].Value != Tenant)
            {
                return $"'{reference.Value}' is not a call value; the one there is is ${{call:{Tenant}}}.";
            }
        }

        return Reference().Replace(value, string.Empty).Contains("${", StringComparison.Ordinal)
            ? "write an environment variable as ${env:NAME} (NAME: letters, digits and '_'), the caller's tenant as ${call:tenant}."
            : null;
    }

    /// <summary>Resolves the references of a header value.</summary>
    /// <param name="name">The header's name, for errors.</param>
    /// <param name="template">The configured value.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="tenant">The tenant the call is made for.</param>
    /// <exception cref="ToolException">A referenced variable is not set (or holds a line break).</exception>
    public static string Resolve(string name, string? template, Func<string, string?> environment, string tenant) =>
        Reference().Replace(template ?? string.Empty, match =>
        {
            if (match.Groups[1].Value == "call")
            {
                // Tenant ids are 1-64 letters, digits and . _ : @ - (keys and tokens are checked so): header-safe.
                return tenant.AsSpan().IndexOfAny('\r', '\n') >= 0
                    ? throw new ToolException($"The tenant for the header '{name}' contains a line break.")
                    : tenant;
            }

            var variable = match.Groups[2].Value;
            var value = environment(variable);
            if (string.IsNullOrEmpty(value))
            {
                throw new ToolException($"The header '{name}' needs the environment variable {variable}, which is not set; ask the operator to set it.");
            }

            return value.AsSpan().IndexOfAny('\r', '\n') >= 0
                ? throw new ToolException($"The environment variable {variable} for the header '{name}' contains a line break.")
                : value;
        });

    [GeneratedRegex(@"\$\{(env|call):([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();
}
