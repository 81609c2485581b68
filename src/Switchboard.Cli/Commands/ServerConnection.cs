using System.CommandLine;
using System.Net.Http.Headers;

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

    public HttpClient CreateClient(ParseResult parseResult)
    {
        var baseUrl = parseResult.GetValue(Url)!.TrimEnd('/') + "/";
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
        if (parseResult.GetValue(ApiKey) is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
