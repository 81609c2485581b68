using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchboard.Agents.Tools;

/// <summary>Checks of the JSON Schema <c>format</c> values tools use; other formats are annotations only.</summary>
internal static partial class JsonStringFormats
{
    /// <summary>Checks <paramref name="value"/> against <paramref name="format"/>.</summary>
    /// <returns>What is wrong, or null when the value fits (or the format is not checked).</returns>
    public static string? Check(string format, string value) => format switch
    {
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : "is not a valid date (expected YYYY-MM-DD, e.g. 2024-05-01)",
        "date-time" => DateTimePattern().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : "is not a valid date-time (expected RFC 3339 with an offset, e.g. 2024-05-01T14:30:00Z)",
        "email" => value.Length <= 254 && EmailPattern().IsMatch(value) ? null : "is not a valid email address",
        "uuid" => Guid.TryParseExact(value, "D", out _) ? null : "is not a valid UUID",
        _ => null,
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    // Deliberately simple: something@domain.tld with no spaces; real delivery is the only full check.
    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
