using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// An OpenAI-compatible (and Anthropic Messages) server on Kestrel, loopback port 0, that replays recorded wire payloads. Tests choose what it
/// answers with <see cref="Handler"/> and inspect what it received.
/// </summary>
public sealed class FakeOpenAIUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOpenAIUpstream(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Gets the base URL to configure as a provider's BaseUrl (ends in /v1).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Gets or sets what the next requests are answered with. The default replays a plain completion.</summary>
    public Func<HttpContext, Task> Handler { get; set; } = Json(Fixture.Read("openai/chat_completion.json"));

    /// <summary>Gets the JSON bodies received, in order.</summary>
    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    /// <summary>Gets the request paths received, in order.</summary>
    public ConcurrentQueue<string> Paths { get; } = new();

    /// <summary>Gets every request's headers, in order.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Headers { get; } = new();

    /// <summary>Gets each request's protocol as the server saw it (<c>HTTP/1.1</c>, <c>HTTP/2</c>), in order.</summary>
    public ConcurrentQueue<string> Protocols { get; } = new();

    /// <summary>Gets the Authorization headers received, in order.</summary>
    public ConcurrentQueue<string?> AuthorizationHeaders { get; } = new();

    /// <summary>Completes when a request's connection is aborted by the caller.</summary>
    public TaskCompletionSource RequestAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The <c>HttpContext.Items</c> key under which handlers find the parsed request body.</summary>
    public const string RequestItem = "fake.request";

    /// <summary>Starts the server on loopback port 0.</summary>
    /// <param name="protocols">The HTTP versions it speaks; <see cref="HttpProtocols.Http2"/> alone is cleartext h2c.</param>
    public static async Task<FakeOpenAIUpstream> StartAsync(HttpProtocols protocols = HttpProtocols.Http1AndHttp2)
    {
        var app = LoopbackApp.Create(protocols);
        var upstream = new FakeOpenAIUpstream(app);
        async Task Serve(HttpContext context)
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            var request = document.RootElement.Clone();
            upstream.Requests.Enqueue(request);
            context.Items[RequestItem] = request;
            upstream.Paths.Enqueue(context.Request.Path);
            upstream.Protocols.Enqueue(context.Request.Protocol);
            upstream.AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
            upstream.Headers.Enqueue(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            context.RequestAborted.Register(() => upstream.RequestAborted.TrySetResult());
            await upstream.Handler(context);
        }

        // OpenAI chat completions and, for Anthropic-kind providers, the Messages API.
        app.MapPost("/v1/chat/completions", Serve);
        app.MapPost("/v1/messages", Serve);
        upstream.BaseUrl = await LoopbackApp.StartAsync(app) + "/v1";
        return upstream;
    }

    /// <summary>Answers with a JSON body.</summary>
    public static Func<HttpContext, Task> Json(string body, int status = 200, string? retryAfter = null) => async context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    };

    /// <summary>
    /// Streams recorded SSE events, flushing each; <paramref name="beforeEvent"/> runs before event i, and the stream
    /// ends cleanly but early (no [DONE]) before event <paramref name="endBefore"/>.
    /// </summary>
    public static Func<HttpContext, Task> Sse(IReadOnlyList<string> events, Func<int, Task>? beforeEvent = null, int? endBefore = null) => async context =>
    {
        context.Response.ContentType = "text/event-stream";
        for (var i = 0; i < events.Count; i++)
        {
            if (endBefore == i)
            {
                return;
            }

            if (beforeEvent is not null)
            {
                await beforeEvent(i);
            }

            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(events[i] + "\n\n"), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
