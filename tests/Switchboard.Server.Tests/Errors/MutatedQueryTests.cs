using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Errors;

/// <summary>
/// Bad input in the URL never crashes the server either: every operation in the server's own OpenAPI document, with
/// each of its path and query parameters in turn given empty, malformed, extreme, non-ASCII and badly encoded values,
/// gets an answer or a client error in the API's own format, never a 500. New endpoints are covered as they are added.
/// </summary>
public sealed class MutatedQueryTests : ServerTestBase
{
    private static readonly string[] QueryValues =
    [
        string.Empty, " ", "x", "-1", "0", "1.5", "99999999999999999999", "2026-13-45", "2026-01-01T25:00:00Z", "NaN",
        "true", "null", "[]", "%00", "%C3%28", "%F0%9F", "é中", "\"q\";\n", "../../etc/passwd", new string('a', 5000),
    ];

    // No %00 in a path: Kestrel refuses it before any middleware runs (and the in-memory test server throws on it).
    private static readonly string[] PathValues = ["x", "%20", "%C3%28", "..%2F..%2F", "é中", new string('a', 300)];

    [Fact]
    public async Task EveryOperation_WithBadParameters_GetsAnAnswerOrAClientErrorInTheApisFormat()
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        var requests = 0;
        foreach (var route in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in route.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => (Name: p.GetProperty("name").GetString()!, In: p.GetProperty("in").GetString()!)).ToList()
                    : [];
                var hasBody = operation.Value.TryGetProperty("requestBody", out _);
                foreach (var pathValue in parameters.Any(p => p.In == "path") ? PathValues : ["x"])
                {
                    var path = parameters.Where(p => p.In == "path").Aggregate(route.Name, (p, parameter) => p.Replace("{" + parameter.Name + "}", pathValue, StringComparison.Ordinal));
                    await AssertAnsweredAsync(method, path, hasBody);
                    requests++;
                    if (pathValue != "x")
                    {
                        continue;
                    }

                    foreach (var (name, _) in parameters.Where(p => p.In == "query"))
                    {
                        foreach (var value in QueryValues)
                        {
                            // Values that are already percent-encoded go as they are, to reach the decoder.
                            var encoded = value.Contains('%', StringComparison.Ordinal) ? value : Uri.EscapeDataString(value);
                            await AssertAnsweredAsync(method, $"{path}?{name}={encoded}", hasBody);
                            requests++;
                        }
                    }
                }
            }
        }

        Assert.True(requests > 500, $"only {requests} requests: did the OpenAPI document lose its operations?");
    }

    private async Task AssertAnsweredAsync(HttpMethod method, string url, bool hasBody)
    {
        using var request = new HttpRequestMessage(method, url);
        if (hasBody)
        {
            request.Content = JsonBody("{}");
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var what = $"{method} {url} -> {(int)response.StatusCode} {text}";
        Assert.True((int)response.StatusCode < 500, what);
        if (response.IsSuccessStatusCode || (int)response.StatusCode == 404 && text.Length == 0)
        {
            return;
        }

        using var body = JsonDocument.Parse(text);
        if (url.StartsWith("/v1/", StringComparison.Ordinal))
        {
            Assert.True(body.RootElement.TryGetProperty("error", out _), what);
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(body.RootElement.TryGetProperty("status", out _) && body.RootElement.TryGetProperty("title", out _), what);
        }
    }
}
