using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, for assertions. <see cref="Parse"/> fails on
/// anything Prometheus would reject or that breaks the format's rules: a sample outside a family declared with
/// <c># TYPE</c>, a family declared twice or split up, a malformed label or value, or histogram buckets that are not
/// cumulative up to a <c>+Inf</c> bucket equal to <c>_count</c>.
/// </summary>
public sealed partial class PrometheusExposition
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _help = new(StringComparer.Ordinal);
    private readonly List<PrometheusSample> _samples = [];

    private PrometheusExposition()
    {
    }

    /// <summary>Gets the declared families and their types.</summary>
    public IReadOnlyDictionary<string, string> Types => _types;

    /// <summary>Gets the help text of each family that has one.</summary>
    public IReadOnlyDictionary<string, string> Help => _help;

    /// <summary>Gets every sample, in order.</summary>
    public IReadOnlyList<PrometheusSample> Samples => _samples;

    /// <summary>Parses and validates an exposition.</summary>
    /// <exception cref="FormatException">The text breaks the format; the message names the line.</exception>
    public static PrometheusExposition Parse(string text)
    {
        var exposition = new PrometheusExposition();
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text.Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("The exposition must end with a line feed.");
        }

        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            void Fail(string why) => throw new FormatException($"Line {i + 1}: {why}: '{line}'");
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var comment = CommentLine().Match(line);
                if (!comment.Success)
                {
                    continue;
                }

                var name = comment.Groups["name"].Value;
                if (comment.Groups["kind"].Value == "TYPE")
                {
                    var type = comment.Groups["rest"].Value;
                    if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                    {
                        Fail("unknown type");
                    }

                    if (!exposition._types.TryAdd(name, type))
                    {
                        Fail("family declared twice");
                    }
                }
                else if (!exposition._help.TryAdd(name, comment.Groups["rest"].Value))
                {
                    Fail("HELP given twice");
                }

                continue;
            }

            var sample = ParseSample(line, Fail);
            var family = exposition.FamilyOf(sample) ?? throw new FormatException($"Line {i + 1}: sample of no declared family: '{line}'");
            if (family != current)
            {
                if (current is not null)
                {
                    finished.Add(current);
                }

                if (finished.Contains(family))
                {
                    Fail($"family {family} is split into several groups");
                }

                current = family;
            }

            exposition._samples.Add(sample);
        }

        exposition.CheckHistograms();
        return exposition;
    }

    /// <summary>Sums the samples named <paramref name="name"/> whose labels include <paramref name="labels"/>; 0 when none.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        Matching(name, labels).Sum(s => s.Value);

    /// <summary>Returns whether a sample named <paramref name="name"/> has at least the given labels.</summary>
    public bool Has(string name, params (string Key, string Value)[] labels) => Matching(name, labels).Any();

    private IEnumerable<PrometheusSample> Matching(string name, (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    private string? FamilyOf(PrometheusSample sample)
    {
        if (_types.TryGetValue(sample.Name, out var type) && type != "histogram")
        {
            return sample.Name;
        }

        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (sample.Name.EndsWith(suffix, StringComparison.Ordinal)
                && _types.TryGetValue(sample.Name[..^suffix.Length], out var histogram) && histogram == "histogram"
                && (suffix != "_bucket" || sample.Labels.ContainsKey("le")))
            {
                return sample.Name[..^suffix.Length];
            }
        }

        return null;
    }

    private void CheckHistograms()
    {
        foreach (var family in _types.Where(t => t.Value == "histogram").Select(t => t.Key))
        {
            var series = _samples.Where(s => s.Name == family + "_bucket")
                .GroupBy(s => Key(s.Labels.Where(l => l.Key != "le")));
            foreach (var buckets in series)
            {
                var previous = (Bound: double.NegativeInfinity, Count: 0.0);
                foreach (var bucket in buckets)
                {
                    var bound = ParseValue(bucket.Labels["le"]) ?? throw new FormatException($"{family}: bad le '{bucket.Labels["le"]}'");
                    if (bound <= previous.Bound || bucket.Value < previous.Count)
                    {
                        throw new FormatException($"{family}{{{buckets.Key}}}: buckets must rise in le and be cumulative.");
                    }

                    previous = (bound, bucket.Value);
                }

                var count = _samples.SingleOrDefault(s => s.Name == family + "_count" && Key(s.Labels) == buckets.Key)
                    ?? throw new FormatException($"{family}{{{buckets.Key}}}: no _count.");
                if (!double.IsPositiveInfinity(previous.Bound) || previous.Count != count.Value)
                {
                    throw new FormatException($"{family}{{{buckets.Key}}}: the last bucket must be le=\"+Inf\" and equal _count.");
                }

                if (!_samples.Any(s => s.Name == family + "_sum" && Key(s.Labels) == buckets.Key))
                {
                    throw new FormatException($"{family}{{{buckets.Key}}}: no _sum.");
                }
            }
        }
    }

    private static string Key(IEnumerable<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    private static PrometheusSample ParseSample(string line, Action<string> fail)
    {
        var name = MetricName().Match(line);
        if (!name.Success)
        {
            fail("no metric name");
        }

        var position = name.Length;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var label = LabelName().Match(line, position);
                if (!label.Success || label.Index != position || line.Length <= position + label.Length + 1
                    || line[position + label.Length] != '=' || line[position + label.Length + 1] != '"')
                {
                    fail("malformed label");
                }

                position += label.Length + 2;
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        switch (line[position])
                        {
                            case '\\':
                                value.Append('\\');
                                break;
                            case '"':
                                value.Append('"');
                                break;
                            case 'n':
                                value.Append('\n');
                                break;
                            default:
                                fail("bad escape in a label value");
                                break;
                        }
                    }
                    else
                    {
                        value.Append(line[position]);
                    }

                    position++;
                }

                if (!labels.TryAdd(label.Value, value.ToString()))
                {
                    fail($"label {label.Value} given twice");
                }

                position++;
                if (line[position] == ',')
                {
                    position++;
                }
                else if (line[position] != '}')
                {
                    fail("expected ',' or '}' after a label");
                }
            }

            position++;
        }

        if (position >= line.Length || line[position] != ' ')
        {
            fail("expected a space before the value");
        }

        var parts = line[(position + 1)..].Split(' ');
        if (parts.Length > 2 || ParseValue(parts[0]) is not { } number || (parts.Length == 2 && !long.TryParse(parts[1], out _)))
        {
            fail("bad value or timestamp");
            throw new UnreachableException();
        }

        return new PrometheusSample(name.Value, labels, number);
    }

    private static double? ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null,
    };

    [GeneratedRegex("^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) ?(?<rest>.*)$")]
    private static partial Regex CommentLine();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    [GeneratedRegex("[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();
}
