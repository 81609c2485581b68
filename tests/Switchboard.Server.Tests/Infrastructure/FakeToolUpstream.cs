using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A weather and search adapter on Kestrel, loopback port 0, speaking Switchboard's contract for <c>get_weather</c>
/// (<c>GET /v1/current</c>) and <c>web_search</c> (<c>GET /v1/search</c>), plus <c>GET /v1/time/{city}</c> for a
/// declarative HTTP tool. It records each request's path, query and headers.
/// </summary>
public sealed class FakeToolUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeToolUpstream(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Gets the base URL, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Gets each request as path and query, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Gets each request's headers, in order.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Headers { get; } = new();

    public static async Task<FakeToolUpstream> StartAsync()
    {
        var app = LoopbackApp.Create();
        var upstream = new FakeToolUpstream(app);
        app.Use(async (context, next) =>
        {
            upstream.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            upstream.Headers.Enqueue(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            await next(context);
        });
        app.MapGet("/v1/current", (string location, string unit) => Results.Json(new
        {
            location,
            temperature = unit == "fahrenheit" ? 65.3 : 18.5,
            unit,
            conditions = "partly cloudy",
        }));
        app.MapGet("/v1/search", (string q, int count) => Results.Json(new
        {
            results = new[]
            {
                new { title = "Switchboard - an AI agent gateway", url = "https://switchboard.example/", snippet = $"Results for {q}." },
                new { title = "Switchboard gateway docs", url = "https://switchboard.example/docs", snippet = "How to run it." },
            }.Take(count),
        }));
        app.MapGet("/v1/time/{city}", (string city) => Results.Json(new { data = new { city, time = "21:04", message = $"It is 21:04 in {city}." } }));
        upstream.BaseUrl = await LoopbackApp.StartAsync(app);
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
