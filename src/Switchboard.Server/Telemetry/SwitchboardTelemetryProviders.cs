using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Switchboard.Abstractions.Telemetry;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// The host's OpenTelemetry SDK providers, built once at start-up and disposed (flushing exports) at shutdown: a
/// meter provider for the Prometheus endpoint and, with an OTLP endpoint, for pushing metrics; a tracer provider only
/// when traces are exported. Without one, Switchboard's spans cost nothing: nobody listens to their source.
/// </summary>
internal sealed class SwitchboardTelemetryProviders : IDisposable
{
    /// <summary>The meters collected: Switchboard's own, ASP.NET Core's HTTP server and Kestrel, HttpClient's, and the runtime's.</summary>
    public static readonly string[] Meters =
    [
        SwitchboardTelemetry.Name,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
        "System.Runtime",
    ];

    /// <summary>The activity sources exported: Switchboard's spans, the incoming requests, and the upstream HTTP calls.</summary>
    public static readonly string[] Sources = [SwitchboardTelemetry.Name, "Microsoft.AspNetCore", "System.Net.Http"];

    // The OTLP/HTTP paths of the two signals exported.
    private static readonly string[] SignalPaths = ["v1/traces", "v1/metrics"];

    private readonly MeterProvider? _meters;
    private readonly TracerProvider? _tracer;
    private readonly ActivityListener _requests;

    /// <summary>Initializes a new instance of the <see cref="SwitchboardTelemetryProviders"/> class and starts collecting.</summary>
    /// <param name="options">The validated settings.</param>
    /// <param name="scraper">The Prometheus endpoint's reader.</param>
    /// <param name="gauges">The observable gauges (created before collection starts).</param>
    public SwitchboardTelemetryProviders(TelemetryOptions options, PrometheusScraper scraper, SwitchboardGauges gauges)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scraper);
        ArgumentNullException.ThrowIfNull(gauges);
        var otlp = options.OtlpUri;
        var pushMetrics = otlp is not null && options.OtlpExportMetrics;
        if (options.MetricsEnabled || pushMetrics)
        {
            var builder = Sdk.CreateMeterProviderBuilder()
                .ConfigureResource(r => Describe(r, options))
                .AddMeter(Meters)

                // Exemplars would add work to every measurement; nothing here reads them.
                .SetExemplarFilter(ExemplarFilterType.AlwaysOff);
            if (options.MetricsEnabled)
            {
                builder.AddReader(scraper.Reader);
            }

            if (pushMetrics)
            {
                builder.AddOtlpExporter((exporter, reader) =>
                {
                    Configure(exporter, options, otlp!, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)(options.OtlpMetricsIntervalSeconds * 1000);
                });
            }

            _meters = builder.Build();
        }

        if (otlp is not null)
        {
            _tracer = Sdk.CreateTracerProviderBuilder()
                .ConfigureResource(r => Describe(r, options))
                .AddSource(Sources)
                .SetSampler(options.HonorCallerSampling
                    ? new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio))
                    : new TraceIdRatioBasedSampler(options.TraceSampleRatio))

                // Before the exporter, so that the exporter sees the redacted spans.
                .AddProcessor(new ToolHttpSpanRedactor())
                .AddOtlpExporter(exporter => Configure(exporter, options, otlp, "v1/traces"))
                .Build();
        }

        // ASP.NET Core creates a request activity only when something listens (or logging is on). This listener makes
        // sure every request has a trace id, for the response header and the logs, without recording anything.
        _requests = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(_requests);
    }

    /// <summary>Flushes and stops the exports.</summary>
    public void Dispose()
    {
        _requests.Dispose();
        _tracer?.Dispose();
        _meters?.Dispose();
    }

    private static void Describe(ResourceBuilder resource, TelemetryOptions options) =>
        resource.AddService(options.ServiceName, serviceVersion: SwitchboardTelemetry.Version);

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions options, Uri endpoint, string signalPath)
    {
        if (options.OtlpProtocol == TelemetryOptions.HttpProtobufProtocol)
        {
            // Over HTTP an endpoint set in code is used as it is: the signal's path is added here, as the
            // OTEL_EXPORTER_OTLP_ENDPOINT convention does. An endpoint given with one signal's path (copied from a
            // collector's trace URL, say) is taken as its base, so that the other signal still reaches /v1/metrics.
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            var path = endpoint.AbsolutePath.TrimEnd('/');
            foreach (var known in SignalPaths)
            {
                if (path.EndsWith("/" + known, StringComparison.Ordinal))
                {
                    path = path[..^(known.Length + 1)];
                    break;
                }
            }

            exporter.Endpoint = new UriBuilder(endpoint) { Path = $"{path}/{signalPath}" }.Uri;
        }
        else
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }
    }
}
