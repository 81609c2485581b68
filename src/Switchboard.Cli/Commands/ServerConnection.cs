using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Switchboard.Cli.Commands;

/// <summary>The options and HTTP client shared by commands that talk to a running server.</summary>
internal sealed class ServerConnection
{
    public ServerConnection()
    {
        Url = new Option<string>("--url")
        {
            Description = "The server's base URL (env SWITCHBOARD_URL).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SWITCHBOARD_URL") ?? "http://127.0.0.1:8080",
        };
        ApiKey = new Option<string?>("--api-key")
        {
            Description = "An API key sent as a bearer token (env SWITCHBOARD_API_KEY).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SWITCHBOARD_API_KEY"),
        };
    }

    public Option<string> Url { get; }

    public Option<string?> ApiKey { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(ApiKey);
    }

    /// <summary>
    /// Runs a command's exchange with the server and turns what can go wrong on the way into one clear line on
    /// standard error and exit code 1: a malformed <c>--url</c>, a server that cannot be reached, a connection lost
    /// mid-answer, or an answer that is not what a Switchboard server sends.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parseResult, Func<HttpClient, Task<int>> exchange)
    {
        var error = parseResult.InvocationConfiguration.Error;
        var url = parseResult.GetValue(Url)!;
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress)
            || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            await error.WriteLineAsync($"error: invalid --url '{url}': give the server's address as http://host:port, e.g. http://127.0.0.1:8080");
            return 1;
        }

        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (parseResult.GetValue(ApiKey) is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        try
        {
            return await exchange(client);
        }
        catch (HttpRequestException exception)
        {
            await error.WriteLineAsync($"error: cannot reach {baseAddress}: {exception.Message}");
            return 1;
        }
        catch (IOException exception)
        {
            // HttpIOException and socket errors while the answer was being read: the server went away mid-answer.
            await error.WriteLineAsync($"error: the connection to {baseAddress} was lost: {exception.Message}");
            return 1;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            await error.WriteLineAsync($"error: unexpected answer from {baseAddress}; is it a Switchboard server? ({exception.Message})");
            return 1;
        }
    }
}
