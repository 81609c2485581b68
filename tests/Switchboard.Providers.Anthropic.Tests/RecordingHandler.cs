using System.Net;
using System.Text;

namespace Switchboard.Providers.Anthropic.Tests;

/// <summary>An <see cref="HttpMessageHandler"/> that records each request and answers with one verbatim wire payload.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    public string Body { get; set; } = "{}";

    public string MediaType { get; set; } = "application/json";

    public List<HttpRequestMessage> Requests { get; } = [];

    /// <summary>Gets or sets an answer to give instead of <see cref="Body"/> (status and content of its own).</summary>
    public Func<HttpResponseMessage>? Respond { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(Respond?.Invoke() ?? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Body, Encoding.UTF8, MediaType) });
    }
}
