using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Switchboard.Providers.OpenAI.Tests.Client;

/// <summary>A minimal HTTP/1.1 server on loopback port 0 that records one request's headers and answers with JSON.</summary>
public sealed class LoopbackCapture : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _serve;

    private LoopbackCapture(TcpListener listener, string body)
    {
        _listener = listener;
        _serve = ServeAsync(body);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static Task<LoopbackCapture> StartAsync(string body)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return Task.FromResult(new LoopbackCapture(listener, body));
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serve;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
        }
    }

    private async Task ServeAsync(string body)
    {
        using var socket = await _listener.AcceptTcpClientAsync();
        using var stream = socket.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var length = 0;
        await reader.ReadLineAsync(); // request line
        while (await reader.ReadLineAsync() is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Headers[line[..colon]] = line[(colon + 1)..].Trim();
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line[(colon + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var buffer = new char[length];
        var read = 0;
        while (read < length)
        {
            read += await reader.ReadAsync(buffer.AsMemory(read));
        }

        var payload = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head);
        await stream.WriteAsync(payload);
    }
}
