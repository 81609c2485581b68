using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>With <c>OtlpEndpoint</c> set, traces and metrics reach an OTLP/HTTP receiver (a fake on loopback).</summary>
[Collection(nameof(SequentialTelemetryTests))]
public sealed class OtlpExportTests
{
    [Theory]
    [InlineData("")]
    [InlineData("/")]

    // A collector's trace URL copied whole: metrics still go to /v1/metrics.
    [InlineData("/v1/traces")]
    [InlineData("/v1/metrics/")]
    public async Task OtlpEndpoint_ExportsTracesAndMetrics_OverHttpProtobuf(string endpointPath)
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, long Length)>();
        await using var collector = LoopbackApp.Create();
        collector.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path, context.Request.ContentType, body.Length));
            context.Response.ContentType = "application/x-protobuf";
        });
        var address = await LoopbackApp.StartAsync(collector);

        await using var upstream = await FakeOpenAIUpstream.StartAsync();
        await using (var factory = new SwitchboardFactory(upstream, settings: new Dictionary<string, string?>
        {
            ["Switchboard:Telemetry:OtlpEndpoint"] = address.TrimEnd('/') + endpointPath,
            ["Switchboard:Telemetry:OtlpProtocol"] = "http/protobuf",
        }))
        {
            using var client = factory.CreateClient();
            using var response = await client.PostAsync("/v1/chat/completions", new StringContent("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Shutting the host down flushes both exports. (The test host finishes its disposal in the background, after
        // the factory's.)
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(received.Any(r => r.Path == "/v1/traces") && received.Any(r => r.Path == "/v1/metrics")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(received, r => r.Path == "/v1/traces" && r.ContentType == "application/x-protobuf" && r.Length > 0);
        Assert.Contains(received, r => r.Path == "/v1/metrics" && r.Length > 0);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task SampledTraceparent_WithNoTraceSampledHere_IsRecordedOnlyWhenCallerSamplingIsHonored(string? honor, bool exported)
    {
        var received = new ConcurrentQueue<string>();
        await using var collector = LoopbackApp.Create();
        collector.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue(context.Request.Path);
            context.Response.ContentType = "application/x-protobuf";
        });
        var address = await LoopbackApp.StartAsync(collector);

        await using var upstream = await FakeOpenAIUpstream.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Switchboard:Telemetry:OtlpEndpoint"] = address,
            ["Switchboard:Telemetry:OtlpProtocol"] = "http/protobuf",
            ["Switchboard:Telemetry:TraceSampleRatio"] = "0",
        };
        if (honor is not null)
        {
            settings["Switchboard:Telemetry:HonorCallerSampling"] = honor;
        }

        await using (var factory = new SwitchboardFactory(upstream, settings: settings))
        {
            using var client = factory.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"),
            };
            var caller = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
            request.Headers.Add("traceparent", $"00-{caller}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(caller, Assert.Single(response.Headers.GetValues("x-switchboard-trace-id")));
        }

        // The shutdown flushes both exports, in no set order. Metrics always have something to send; once they are in,
        // traces get two more seconds (the host finishes its disposal in the background).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!received.Contains("/v1/metrics") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var grace = DateTime.UtcNow.AddSeconds(2);
        while (!received.Contains("/v1/traces") && DateTime.UtcNow < grace)
        {
            await Task.Delay(50);
        }

        Assert.Contains("/v1/metrics", received);
        Assert.Equal(exported, received.Contains("/v1/traces"));
    }
}
