using OpenTelemetry.Metrics;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// The pull side of the Prometheus endpoint: a metric reader (added to the host's <c>MeterProvider</c>) that collects
/// on demand, and the text of each collection. Scrapes are serialised; each sees every metric once.
/// </summary>
internal sealed class PrometheusScraper
{
    /// <summary>The content type of the Prometheus text exposition format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Lock _gate = new();
    private readonly PrometheusTextWriter _writer;

    /// <summary>Initializes a new instance of the <see cref="PrometheusScraper"/> class.</summary>
    public PrometheusScraper()
    {
        // The reader owns the exporter; the meter provider owns the reader.
        var exporter = new PrometheusMetricExporter();
        _writer = exporter.Writer;

        // Counters and histograms must be cumulative: Prometheus computes rates from monotonic totals.
        Reader = new BaseExportingMetricReader(exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
    }

    /// <summary>Gets the reader to add to the meter provider (which owns and disposes it).</summary>
    public MetricReader Reader { get; }

    /// <summary>Collects every metric (running observable callbacks) and returns them in the Prometheus text format.</summary>
    /// <param name="timeout">How long the collection may take.</param>
    public string Scrape(TimeSpan timeout)
    {
        lock (_gate)
        {
            _writer.Clear();
            Reader.Collect((int)timeout.TotalMilliseconds);
            return _writer.ToString();
        }
    }
}
