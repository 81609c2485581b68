using System.Globalization;
using System.Text;
using OpenTelemetry.Metrics;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// Writes OpenTelemetry metrics in the Prometheus text exposition format 0.0.4: one family per metric with
/// <c># HELP</c> and <c># TYPE</c>, OpenTelemetry names turned into Prometheus names (invalid characters become
/// <c>_</c>, the unit becomes a suffix such as <c>_seconds</c>, counters end in <c>_total</c>), histograms as
/// cumulative <c>_bucket{le="…"}</c> series up to <c>+Inf</c> with <c>_sum</c> and <c>_count</c>, and label values
/// escaped. Timestamps are left to the scraper. Not thread-safe: one scrape at a time.
/// </summary>
internal sealed class PrometheusTextWriter
{
    private static readonly Dictionary<string, string> UnitSuffixes = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnitSuffixes = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    private readonly StringBuilder _text = new(16 * 1024);
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private readonly List<string> _labelNames = [];

    /// <summary>Gets the number of metric families written since the last <see cref="Clear"/>.</summary>
    public int FamilyCount => _families.Count;

    /// <summary>Forgets everything written, to start a new scrape.</summary>
    public void Clear()
    {
        _text.Clear();
        _families.Clear();
    }

    /// <summary>Returns the text written since the last <see cref="Clear"/>.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>
    /// Writes one metric as a family. Returns false, writing nothing, for a kind Prometheus text cannot express
    /// (exponential histograms) or for a family name already written in this scrape (the format allows each once).
    /// </summary>
    public bool Write(Metric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var type = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => "counter",
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => "gauge",
            MetricType.Histogram => "histogram",
            _ => null,
        };
        if (type is null)
        {
            return false;
        }

        var name = MetricName(metric.Name, metric.Unit, type);
        if (!_families.Add(name))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(metric.Description))
        {
            _text.Append("# HELP ").Append(name).Append(' ');
            AppendEscaped(_text, metric.Description, escapeQuotes: false);
            _text.Append('\n');
        }

        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    AppendSample(name, null, point.Tags, null).Append(point.GetSumLong().ToString(CultureInfo.InvariantCulture)).Append('\n');
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    AppendValue(AppendSample(name, null, point.Tags, null), point.GetSumDouble()).Append('\n');
                    break;
                case MetricType.LongGauge:
                    AppendSample(name, null, point.Tags, null).Append(point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture)).Append('\n');
                    break;
                case MetricType.DoubleGauge:
                    AppendValue(AppendSample(name, null, point.Tags, null), point.GetGaugeLastValueDouble()).Append('\n');
                    break;
                case MetricType.Histogram:
                    WriteHistogram(name, point);
                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// Returns the Prometheus name of an OpenTelemetry metric: the name sanitised, the unit as a suffix (unless the
    /// name already ends with it; annotations such as <c>{token}</c> are dropped), and <c>_total</c> for counters.
    /// </summary>
    /// <param name="name">The instrument's name, e.g. <c>http.server.request.duration</c>.</param>
    /// <param name="unit">The instrument's unit (UCUM), e.g. <c>s</c>, <c>By</c> or <c>{request}</c>.</param>
    /// <param name="type">The Prometheus type: counter, gauge or histogram.</param>
    public static string MetricName(string name, string? unit, string type)
    {
        var result = Sanitize(name, allowColon: true);
        var suffix = UnitSuffix(unit, type);
        if (suffix.Length > 0 && !result.EndsWith("_" + suffix, StringComparison.Ordinal) && result != suffix)
        {
            result = $"{result}_{suffix}";
        }

        if (type == "counter" && !result.EndsWith("_total", StringComparison.Ordinal))
        {
            result += "_total";
        }

        return result;
    }

    /// <summary>Returns a valid label name for an attribute key (<c>gen_ai.token.type</c> → <c>gen_ai_token_type</c>).</summary>
    /// <remarks>Runs of underscores collapse, so no label can start with the <c>__</c> Prometheus reserves.</remarks>
    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    /// <summary>Appends a label value or help text, escaping backslashes, newlines and (for label values) double quotes.</summary>
    public static void AppendEscaped(StringBuilder text, string value, bool escapeQuotes = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case '"' when escapeQuotes:
                    text.Append("\\\"");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
    }

    /// <summary>Appends a sample value: shortest round-trip form, or <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static StringBuilder AppendValue(StringBuilder text, double value)
    {
        ArgumentNullException.ThrowIfNull(text);
        return double.IsPositiveInfinity(value) ? text.Append("+Inf")
            : double.IsNegativeInfinity(value) ? text.Append("-Inf")
            : double.IsNaN(value) ? text.Append("NaN")
            : text.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    private void WriteHistogram(string name, in MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            AppendSample(name, "_bucket", point.Tags, bucket.ExplicitBound).Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        AppendValue(AppendSample(name, "_sum", point.Tags, null), point.GetHistogramSum()).Append('\n');
        AppendSample(name, "_count", point.Tags, null).Append(point.GetHistogramCount().ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>Appends <c>name{labels} </c>, with an <c>le</c> label for a histogram bucket.</summary>
    private StringBuilder AppendSample(string name, string? suffix, OpenTelemetry.ReadOnlyTagCollection tags, double? le)
    {
        _text.Append(name).Append(suffix);
        if (tags.Count == 0 && le is null)
        {
            return _text.Append(' ');
        }

        _text.Append('{');
        _labelNames.Clear();
        var first = true;
        foreach (var tag in tags)
        {
            var label = LabelName(tag.Key);

            // Two keys may sanitise to one label name (a.b and a_b), and a histogram owns le: the first one wins.
            if (_labelNames.Contains(label) || (le is not null && label == "le"))
            {
                continue;
            }

            _labelNames.Add(label);
            if (!first)
            {
                _text.Append(',');
            }

            first = false;
            _text.Append(label).Append("=\"");
            AppendEscaped(_text, FormatLabelValue(tag.Value));
            _text.Append('"');
        }

        if (le is { } bound)
        {
            if (!first)
            {
                _text.Append(',');
            }

            AppendValue(_text.Append("le=\""), bound).Append('"');
        }

        return _text.Append("} ");
    }

    private static string FormatLabelValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => string.Join(',', items.Cast<object?>().Select(FormatLabelValue)),
        _ => value.ToString() ?? string.Empty,
    };

    private static string UnitSuffix(string? unit, string type)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return string.Empty;
        }

        // Annotations in braces ({token}, {request}) are not units.
        var plain = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            depth += c == '{' ? 1 : c == '}' && depth > 0 ? -1 : 0;
            if (depth == 0 && c != '}')
            {
                plain.Append(c);
            }
        }

        var text = plain.ToString().Trim();
        if (text.Length == 0)
        {
            return string.Empty;
        }

        if (text == "1")
        {
            return type == "gauge" ? "ratio" : string.Empty;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var numerator = text[..slash];
            var denominator = text[(slash + 1)..];
            var top = UnitSuffixes.GetValueOrDefault(numerator, numerator);
            var bottom = PerUnitSuffixes.GetValueOrDefault(denominator, denominator);
            return Sanitize(top.Length == 0 ? $"per_{bottom}" : $"{top}_per_{bottom}", allowColon: false).Trim('_');
        }

        return Sanitize(UnitSuffixes.GetValueOrDefault(text, text.ToLowerInvariant()), allowColon: false).Trim('_');
    }

    /// <summary>Replaces characters Prometheus does not allow with <c>_</c>, collapsing runs, and avoids a leading digit.</summary>
    private static string Sanitize(string name, bool allowColon)
    {
        var result = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && result.Length > 0 && result[^1] == '_')
            {
                continue;
            }

            result.Append(next);
        }

        if (result.Length == 0 || char.IsAsciiDigit(result[0]))
        {
            result.Insert(0, '_');
        }

        return result.ToString();
    }
}
