using System.Text.RegularExpressions;

namespace Switchboard.Providers.Builtin.Tools;

/// <summary>
/// Argument values that are free text rather than a typed slot: a new address ("… to 12 High St", "改成…"), an
/// arithmetic expression ("what is 12 * 7", "3 乘以 4"), a place ("weather in Paris", "北京天气").
/// </summary>
internal static partial class FreeTextSlots
{
    public static string? Address(string message)
    {
        var chinese = ChineseAddress().Match(message);
        if (chinese.Success)
        {
            return Clean(chinese.Groups[1].Value);
        }

        var matches = EnglishAddress().Matches(message);
        return matches.Count == 0 ? null : Clean(matches[^1].Groups[1].Value);
    }

    public static string? Expression(string message)
    {
        var text = message
            .Replace("乘以", "*", StringComparison.Ordinal).Replace("除以", "/", StringComparison.Ordinal)
            .Replace("加上", "+", StringComparison.Ordinal).Replace("减去", "-", StringComparison.Ordinal)
            .Replace("加", "+", StringComparison.Ordinal).Replace("减", "-", StringComparison.Ordinal)
            .Replace('×', '*').Replace('÷', '/').Replace(" x ", " * ", StringComparison.OrdinalIgnoreCase)
            .Replace(" times ", " * ", StringComparison.OrdinalIgnoreCase).Replace(" plus ", " + ", StringComparison.OrdinalIgnoreCase)
            .Replace(" minus ", " - ", StringComparison.OrdinalIgnoreCase).Replace(" divided by ", " / ", StringComparison.OrdinalIgnoreCase);
        var best = Arithmetic().Matches(text)
            .Select(m => m.Value.Trim())
            .Where(v => v.Any(char.IsAsciiDigit))
            .OrderByDescending(v => v.Length)
            .FirstOrDefault();
        return best?.TrimEnd('?', '.', '=', ' ');
    }

    public static string? Location(string message)
    {
        var chinese = ChineseLocation().Match(message);
        if (chinese.Success)
        {
            return chinese.Groups[1].Value;
        }

        var english = EnglishLocation().Match(message);
        return english.Success ? english.Groups[1].Value.Trim() : null;
    }

    private static string? Clean(string value)
    {
        value = value.Trim().TrimEnd('.', '!', '?', '。', '！', '？').Trim();
        return value.Length >= 5 ? value : null;
    }

    [GeneratedRegex(@"\b(?:to|address is|new address:?)\s+(.{5,200})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex EnglishAddress();

    [GeneratedRegex("(?:改为|改成|改到|换成|更改为|寄到|送到|地址是)[:：]?\\s*(.{3,200})$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex ChineseAddress();

    [GeneratedRegex(@"(?:sqrt|abs|round|min|max|ln|log|pi|[0-9.,()+\-*/^%\s])+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex Arithmetic();

    [GeneratedRegex(@"\b(?:in|for|at)\s+([A-Z][\p{L}\s.'-]{1,40}?)(?=\s+(?:today|tomorrow|now|this)\b|[?.!,]|$)", RegexOptions.CultureInvariant, 100)]
    private static partial Regex EnglishLocation();

    [GeneratedRegex("([\\u4e00-\\u9fff]{2,4}?)(?:今天|明天|现在)?的?天气", RegexOptions.CultureInvariant, 100)]
    private static partial Regex ChineseLocation();
}
