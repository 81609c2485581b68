using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Starts a fake upstream and a Switchboard server per test class.</summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    protected FakeOpenAIUpstream Upstream { get; private set; } = null!;

    protected SwitchboardFactory Factory { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Gets settings the test class's server starts with on top of the defaults, or null for none.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync()
    {
        Upstream = await FakeOpenAIUpstream.StartAsync();
        Factory = new SwitchboardFactory(Upstream, settings: Settings);
        Client = Factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    protected static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    protected Task<HttpResponseMessage> PostChatAsync(string json, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonBody(json) };
        return Client.SendAsync(request, completion, cancellationToken);
    }

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement;
    }

    protected static void AssertOpenAIError(JsonElement body, string expectedType)
    {
        Assert.True(body.TryGetProperty("error", out var error), "body has an 'error' object");
        Assert.Equal(expectedType, error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.True(error.TryGetProperty("param", out _));
        Assert.True(error.TryGetProperty("code", out _));
    }

    protected static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;
}
