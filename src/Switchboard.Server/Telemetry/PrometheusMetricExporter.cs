using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// Turns a collection of the OpenTelemetry SDK into Prometheus text. It has no schedule of its own: it exports only
/// when <see cref="PrometheusScraper"/> collects its reader, on a scrape.
/// </summary>
/// <remarks>
/// It declares the default (push) export mode on purpose: the SDK lets a pull-only exporter's reader collect only
/// inside a scope that is internal to the SDK's own Prometheus exporter, which is not available here. A
/// <see cref="BaseExportingMetricReader"/> has no timer, so nothing is pushed anywhere.
/// </remarks>
internal sealed class PrometheusMetricExporter : BaseExporter<Metric>
{
    /// <summary>Gets the writer that receives each collection.</summary>
    public PrometheusTextWriter Writer { get; } = new();

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            Writer.Write(metric);
        }

        return ExportResult.Success;
    }
}
