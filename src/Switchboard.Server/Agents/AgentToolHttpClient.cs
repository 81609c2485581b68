namespace Switchboard.Server.Agents;

/// <summary>
/// The one <see cref="HttpClient"/> the HTTP-backed agent tools share. Redirects are not followed, so a tool's headers
/// (API keys) never travel on to a host nobody configured; the runtime bounds each call with the tool's timeout.
/// </summary>
internal sealed class AgentToolHttpClient : IDisposable
{
    /// <summary>Gets the client.</summary>
    public HttpClient Client { get; } = new(
        new SocketsHttpHandler
        {
            // Re-resolve DNS now and then so that a moved service is followed.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        },
        disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <inheritdoc/>
    public void Dispose() => Client.Dispose();
}
