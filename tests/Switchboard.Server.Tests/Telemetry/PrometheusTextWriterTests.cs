using System.Diagnostics.Metrics;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// The Prometheus text writer, fed by the real OpenTelemetry SDK: each test has a meter of its own, a meter provider
/// listening to it alone, and scrapes through <see cref="PrometheusScraper"/>.
/// </summary>
public sealed class PrometheusTextWriterTests : IDisposable
{
    private readonly Meter _meter = new($"Switchboard.Tests.{Guid.NewGuid():N}");
    private readonly PrometheusScraper _scraper = new();
    private readonly MeterProvider _provider;

    public PrometheusTextWriterTests()
    {
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).AddReader(_scraper.Reader).Build();
    }

    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Counter_HasHelpTypeAndTotalSuffix()
    {
        var counter = _meter.CreateCounter<long>("switchboard.model.requests", "{request}", "Model calls.");
        counter.Add(2, new KeyValuePair<string, object?>("provider", "openai"));
        counter.Add(3, new KeyValuePair<string, object?>("provider", "openai"));
        counter.Add(1, new KeyValuePair<string, object?>("provider", "anthropic"));

        var text = Scrape();

        Assert.Equal(
            """
            # HELP switchboard_model_requests_total Model calls.
            # TYPE switchboard_model_requests_total counter
            switchboard_model_requests_total{provider="openai"} 5
            switchboard_model_requests_total{provider="anthropic"} 1

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void DoubleCounter_WithUnit_KeepsFractionsAndAddsTheUnit()
    {
        _meter.CreateCounter<double>("switchboard.model.cost", "USD").Add(0.000125);

        var exposition = PrometheusExposition.Parse(Scrape());

        Assert.Equal("counter", exposition.Types["switchboard_model_cost_usd_total"]);
        Assert.Equal(0.000125, exposition.Sum("switchboard_model_cost_usd_total"));
    }

    [Fact]
    public void Histogram_WritesCumulativeBucketsUpToInfWithSumAndCount()
    {
        var histogram = _meter.CreateHistogram("gen_ai.client.operation.duration", "s", "Call duration.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var seconds in (double[])[0.0625, 0.5, 0.75, 5, 50])
        {
            histogram.Record(seconds, new KeyValuePair<string, object?>("gen_ai.provider.name", "mock"));
        }

        var text = Scrape();

        Assert.Equal(
            """
            # HELP gen_ai_client_operation_duration_seconds Call duration.
            # TYPE gen_ai_client_operation_duration_seconds histogram
            gen_ai_client_operation_duration_seconds_bucket{gen_ai_provider_name="mock",le="0.1"} 1
            gen_ai_client_operation_duration_seconds_bucket{gen_ai_provider_name="mock",le="1"} 3
            gen_ai_client_operation_duration_seconds_bucket{gen_ai_provider_name="mock",le="10"} 4
            gen_ai_client_operation_duration_seconds_bucket{gen_ai_provider_name="mock",le="+Inf"} 5
            gen_ai_client_operation_duration_seconds_sum{gen_ai_provider_name="mock"} 56.3125
            gen_ai_client_operation_duration_seconds_count{gen_ai_provider_name="mock"} 5

            """.ReplaceLineEndings("\n"),
            text);
        PrometheusExposition.Parse(text);
    }

    [Fact]
    public void Histogram_WithoutTags_HasOnlyTheLeLabel()
    {
        _meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", null,
            tags: null, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [16, 256] }).Record(100);

        var exposition = PrometheusExposition.Parse(Scrape());

        Assert.Equal("histogram", exposition.Types["gen_ai_client_token_usage"]);
        Assert.Equal(0, exposition.Sum("gen_ai_client_token_usage_bucket", ("le", "16")));
        Assert.Equal(1, exposition.Sum("gen_ai_client_token_usage_bucket", ("le", "256")));
        Assert.Equal(1, exposition.Sum("gen_ai_client_token_usage_bucket", ("le", "+Inf")));
        Assert.Equal(100, exposition.Sum("gen_ai_client_token_usage_sum"));
        Assert.False(exposition.Help.ContainsKey("gen_ai_client_token_usage"));
    }

    [Fact]
    public void GaugesAndUpDownCounters_AreGauges()
    {
        _meter.CreateObservableGauge("switchboard.circuit_breaker.state", () => new Measurement<int>(2, new KeyValuePair<string, object?>("target", "openai:gpt-4o")), "{state}");
        var streams = _meter.CreateUpDownCounter<long>("switchboard.sse.active_streams", "{stream}");
        streams.Add(3);
        streams.Add(-1);
        _meter.CreateObservableGauge("cache.hit.ratio", () => 0.25, "1");

        var exposition = PrometheusExposition.Parse(Scrape());

        Assert.Equal("gauge", exposition.Types["switchboard_circuit_breaker_state"]);
        Assert.Equal(2, exposition.Sum("switchboard_circuit_breaker_state", ("target", "openai:gpt-4o")));
        Assert.Equal("gauge", exposition.Types["switchboard_sse_active_streams"]);
        Assert.Equal(2, exposition.Sum("switchboard_sse_active_streams"));
        Assert.Equal(0.25, exposition.Sum("cache_hit_ratio"));
    }

    [Fact]
    public void LabelValues_AreEscaped_AndLabelNamesSanitised()
    {
        _meter.CreateCounter<long>("escapes").Add(
            1,
            new KeyValuePair<string, object?>("gen_ai.request.model", "a\\b \"quoted\"\nnext"),
            new KeyValuePair<string, object?>("flag", true),
            new KeyValuePair<string, object?>("http-status.code", 200));

        var text = Scrape();

        Assert.Contains("escapes_total{flag=\"true\",gen_ai_request_model=\"a\\\\b \\\"quoted\\\"\\nnext\",http_status_code=\"200\"} 1\n", text);
        var sample = Assert.Single(PrometheusExposition.Parse(text).Samples);
        Assert.Equal("a\\b \"quoted\"\nnext", sample.Labels["gen_ai_request_model"]);
    }

    [Fact]
    public void HelpText_EscapesBackslashesAndNewlines()
    {
        _meter.CreateCounter<long>("documented", null, "First line\nsecond \\ line \"as is\"").Add(1);

        Assert.StartsWith("# HELP documented_total First line\\nsecond \\\\ line \"as is\"\n", Scrape());
    }

    [Fact]
    public void Families_WithTheSameName_AreWrittenOnce()
    {
        _meter.CreateCounter<long>("same.name").Add(1);
        _meter.CreateCounter<long>("same_name").Add(2);

        var exposition = PrometheusExposition.Parse(Scrape());

        Assert.Single(exposition.Types);
        Assert.Single(exposition.Samples);
    }

    [Fact]
    public void Scrape_IsCumulative_AndRepeatable()
    {
        var counter = _meter.CreateCounter<long>("repeat");
        counter.Add(1);
        Assert.Equal(1, PrometheusExposition.Parse(Scrape()).Sum("repeat_total"));

        counter.Add(2);

        Assert.Equal(3, PrometheusExposition.Parse(Scrape()).Sum("repeat_total"));
    }

    [Theory]
    [InlineData("http.server.request.duration", "s", "histogram", "http_server_request_duration_seconds")]
    [InlineData("gen_ai.client.token.usage", "{token}", "histogram", "gen_ai_client_token_usage")]
    [InlineData("switchboard.model.requests", "{request}", "counter", "switchboard_model_requests_total")]
    [InlineData("switchboard.model.cost", "USD", "counter", "switchboard_model_cost_usd_total")]
    [InlineData("dotnet.gc.pause.time", "s", "counter", "dotnet_gc_pause_time_seconds_total")]
    [InlineData("process.memory", "By", "gauge", "process_memory_bytes")]
    [InlineData("network.io", "By/s", "gauge", "network_io_bytes_per_second")]
    [InlineData("queue.fill", "1", "gauge", "queue_fill_ratio")]
    [InlineData("items.seen", "1", "counter", "items_seen_total")]
    [InlineData("latency_seconds", "s", "histogram", "latency_seconds")]
    [InlineData("requests_total", null, "counter", "requests_total")]
    [InlineData("my-app/queue..depth", null, "gauge", "my_app_queue_depth")]
    [InlineData("9lives", "ms", "gauge", "_9lives_milliseconds")]
    public void MetricName_SanitisesAndAddsUnitAndTotal(string name, string? unit, string type, string expected)
    {
        Assert.Equal(expected, PrometheusTextWriter.MetricName(name, unit, type));
    }

    [Theory]
    [InlineData("gen_ai.token.type", "gen_ai_token_type")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("a..b--c", "a_b_c")]
    [InlineData("1st", "_1st")]
    [InlineData("__reserved", "_reserved")]
    public void LabelName_IsSanitised(string key, string expected)
    {
        Assert.Equal(expected, PrometheusTextWriter.LabelName(key));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(12345678.5, "12345678.5")]
    public void Values_UseInvariantShortestForm(double value, string expected)
    {
        Assert.Equal(expected, PrometheusTextWriter.AppendValue(new StringBuilder(), value).ToString());
    }

    private string Scrape() => _scraper.Scrape(TimeSpan.FromSeconds(10));
}
