using System.Net;
using System.Text;

namespace Switchboard.Providers.Anthropic.Tests;

/// <summary>An <see cref="HttpMessageHandler"/> that records each request and answers with one verbatim wire payload.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    public string Body { get; set; } = "{}";

    public string MediaType { get; set; } = "application/json";

    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Body, Encoding.UTF8, MediaType) });
    }
}
