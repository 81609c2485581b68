namespace Switchboard.Server.Telemetry;

/// <summary>Metrics and tracing (section <c>Switchboard:Telemetry</c>); see docs/observability.md.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:Telemetry";

    /// <summary>The OTLP protocol over gRPC (port 4317 by convention).</summary>
    public const string GrpcProtocol = "grpc";

    /// <summary>The OTLP protocol as protobuf over HTTP (port 4318 by convention).</summary>
    public const string HttpProtobufProtocol = "http/protobuf";

    // Paths the server's own APIs use: the metrics endpoint must not shadow them.
    private static readonly string[] ReservedPaths = ["/v1", "/api", "/health", "/ready", "/docs", "/openapi"];

    /// <summary>Gets or sets a value indicating whether metrics are collected and served in the Prometheus text format.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MetricsEnabled { get; set; } = true;

    /// <summary>Gets or sets the path Prometheus scrapes (<c>GET</c>).</summary>
    /// <value>The default is <c>/metrics</c>.</value>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Gets or sets the OpenTelemetry collector to send traces (and metrics, see <see cref="OtlpExportMetrics"/>) to, as
    /// an absolute http or https URL such as <c>http://127.0.0.1:4317</c>; null or empty exports nothing.
    /// </summary>
    /// <value>The default is none: no export.</value>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Gets or sets the OTLP protocol: <c>grpc</c> or <c>http/protobuf</c>.</summary>
    /// <value>The default is <c>grpc</c>.</value>
    public string OtlpProtocol { get; set; } = GrpcProtocol;

    /// <summary>Gets or sets a value indicating whether metrics are pushed to <see cref="OtlpEndpoint"/> too, when it is set.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool OtlpExportMetrics { get; set; } = true;

    /// <summary>Gets or sets how often metrics are pushed over OTLP, in seconds.</summary>
    /// <value>The default is 60 seconds.</value>
    public double OtlpMetricsIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// Gets or sets the share of new traces (requests without a sampled parent) that are recorded and exported, from 0
    /// to 1; a request whose caller sent a sampled <c>traceparent</c> is recorded too unless
    /// <see cref="HonorCallerSampling"/> is false.
    /// </summary>
    /// <value>The default is 1: every trace.</value>
    public double TraceSampleRatio { get; set; } = 1;

    /// <summary>
    /// Gets or sets a value indicating whether a caller's sampling decision (the sampled flag of its <c>traceparent</c>)
    /// is followed. When false, every trace is sampled by <see cref="TraceSampleRatio"/> on its trace id, so callers
    /// cannot make the server record and export more than that share; a <c>traceparent</c> still sets the trace id.
    /// </summary>
    /// <value>The default is true, the W3C and OpenTelemetry default: a trace the caller records is recorded here too.</value>
    public bool HonorCallerSampling { get; set; } = true;

    /// <summary>Gets or sets the <c>service.name</c> reported with exported traces and metrics.</summary>
    /// <value>The default is <c>switchboard</c>.</value>
    public string ServiceName { get; set; } = "switchboard";

    /// <summary>Gets the OTLP endpoint as a URI, or null when export is off.</summary>
    internal Uri? OtlpUri => string.IsNullOrWhiteSpace(OtlpEndpoint) ? null : new Uri(OtlpEndpoint, UriKind.Absolute);

    /// <summary>Returns one message per invalid field, each naming it.</summary>
    public IEnumerable<string> Validate()
    {
        if (MetricsEnabled && !IsValidPath(MetricsPath))
        {
            yield return $"{Section}:MetricsPath: must be a path such as '/metrics': it starts with '/', has only letters, digits and '-._~/', and is not used by the APIs (/v1, /api, /health, /ready, /docs, /openapi) (got '{MetricsPath}').";
        }

        if (!string.IsNullOrWhiteSpace(OtlpEndpoint)
            && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return $"{Section}:OtlpEndpoint: must be an absolute http or https URL such as 'http://127.0.0.1:4317' (got '{OtlpEndpoint}').";
        }

        if (OtlpProtocol is not (GrpcProtocol or HttpProtobufProtocol))
        {
            yield return $"{Section}:OtlpProtocol: must be '{GrpcProtocol}' or '{HttpProtobufProtocol}' (got '{OtlpProtocol}').";
        }

        if (!(OtlpMetricsIntervalSeconds >= 1) || double.IsInfinity(OtlpMetricsIntervalSeconds) || OtlpMetricsIntervalSeconds > int.MaxValue / 1000)
        {
            yield return $"{Section}:OtlpMetricsIntervalSeconds: must be at least 1 second.";
        }

        if (!(TraceSampleRatio is >= 0 and <= 1))
        {
            yield return $"{Section}:TraceSampleRatio: must be between 0 and 1.";
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            yield return $"{Section}:ServiceName: is required.";
        }
    }

    private static bool IsValidPath(string? path)
    {
        if (path is not { Length: > 1 } || path[0] != '/' || path.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in path)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '/'))
            {
                return false;
            }
        }

        foreach (var reserved in ReservedPaths)
        {
            if (path.Equals(reserved, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(reserved + "/", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
