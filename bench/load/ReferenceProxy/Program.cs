// A minimal forwarding proxy, the reference the load harness measures Switchboard against (bench/load/README.md).
// It copies the request body to the upstream's /v1/chat/completions and streams the answer back as bytes: no JSON
// parsing, no authentication, no metrics, no ledger. What it costs is what ASP.NET Core, Kestrel and HttpClient cost
// on this machine.
//
// Usage: dotnet ReferenceProxy.dll --urls http://127.0.0.1:PORT --upstream http://127.0.0.1:PORT
using System.Buffers;
using System.Net;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var upstream = builder.Configuration["upstream"];
if (!Uri.TryCreate(upstream, UriKind.Absolute, out var upstreamUri) || !IPAddress.TryParse(upstreamUri.Host, out var address)
    || !IPAddress.IsLoopback(address))
{
    Console.Error.WriteLine("--upstream must be an http://127.0.0.1:PORT (or [::1]) address");
    return 2;
}

var target = new Uri(upstreamUri, "/v1/chat/completions");
using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
{
    Timeout = Timeout.InfiniteTimeSpan,
};

var app = builder.Build();
app.MapPost("/v1/chat/completions", async (HttpContext context) =>
{
    using var request = new HttpRequestMessage(HttpMethod.Post, target)
    {
        Content = new StreamContent(context.Request.Body),
    };
    request.Content.Headers.ContentType = new("application/json");
    request.Content.Headers.ContentLength = context.Request.ContentLength;
    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
    context.Response.StatusCode = (int)response.StatusCode;
    context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
    if (response.Content.Headers.ContentLength is { } length)
    {
        context.Response.ContentLength = length;
    }

    await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);

    // Each read is written and flushed at once, so that a stream's chunks pass through as they arrive.
    var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    try
    {
        int read;
        while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(buffer);
    }
});
app.MapGet("/health", () => "ok");
await app.RunAsync();
return 0;
