using System.CommandLine;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Switchboard.Cli.Commands;

/// <summary>
/// <c>switchboard chat</c>: chats with a running server through a stored conversation, printing the answer as it
/// streams in. Interactive by default; <c>--message</c> sends one message and exits.
/// </summary>
internal static class ChatCommand
{
    public static Command Create(TextReader input)
    {
        var connection = new ServerConnection();
        var model = new Option<string?>("--model", "-m") { Description = "The model, as provider:model (default: the server's default model)." };
        var conversation = new Option<string?>("--conversation", "-c") { Description = "Continue this conversation id instead of starting one." };
        var message = new Option<string?>("--message") { Description = "Send this one message, print the answer and exit." };
        var title = new Option<string?>("--title") { Description = "A title for a new conversation." };
        var agent = new Option<string?>("--agent", "-a") { Description = "Talk to an agent or team (e.g. support-desk) instead of a model; tool calls, handoffs and escalations are shown as they happen." };
        var command = new Command("chat", "Chat with a running server; the answer streams as it arrives. Type /exit or Ctrl+D to quit.")
        {
            model, conversation, message, title, agent,
        };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async client =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var id = parseResult.GetValue(conversation);
            if (id is null)
            {
                using var created = await client.PostAsJsonAsync(
                    "api/v1/conversations",
                    new Dictionary<string, string?> { ["model"] = parseResult.GetValue(model), ["title"] = parseResult.GetValue(title), ["agent"] = parseResult.GetValue(agent) },
                    cancellationToken);
                var body = await created.Content.ReadAsStringAsync(cancellationToken);
                if (!created.IsSuccessStatusCode)
                {
                    await error.WriteLineAsync($"error: cannot create a conversation: {ErrorText.From(body)}");
                    return 1;
                }

                using var document = JsonDocument.Parse(body);
                id = document.RootElement.GetProperty("id").GetString()!;
                await error.WriteLineAsync($"conversation {id}");
            }

            if (parseResult.GetValue(message) is { } single)
            {
                return await SendAsync(client, id, single, parseResult.GetValue(model), output, error, cancellationToken) ? 0 : 1;
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                await output.WriteAsync("> ");
                await output.FlushAsync(cancellationToken);
                var line = await input.ReadLineAsync(cancellationToken);
                if (line is null || line.Trim() is "/exit" or "/quit")
                {
                    return 0;
                }

                if (line.Trim().Length > 0)
                {
                    await SendAsync(client, id, line, parseResult.GetValue(model), output, error, cancellationToken);
                }
            }

            return 0;
        }));
        return command;
    }

    private static async Task<bool> SendAsync(
        HttpClient client,
        string conversationId,
        string text,
        string? model,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages")
        {
            Content = JsonContent.Create(new Dictionary<string, string?> { ["content"] = text, ["model"] = model }),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            await error.WriteLineAsync($"error: {ErrorText.From(body)}");
            return false;
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        string? eventName = null;
        var ok = false;
        var failed = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line[7..];
                continue;
            }

            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            using var data = JsonDocument.Parse(line[6..]);
            switch (eventName)
            {
                case "message.delta":
                    await output.WriteAsync(data.RootElement.GetProperty("content").GetString());
                    await output.FlushAsync(cancellationToken);
                    break;
                case "message.completed":
                    await output.WriteLineAsync();
                    var assistant = data.RootElement.GetProperty("assistant_message");
                    if (assistant.TryGetProperty("usage", out var usage))
                    {
                        await error.WriteLineAsync(
                            $"[{assistant.GetProperty("model").GetString()} · {usage.GetProperty("prompt_tokens")} in / {usage.GetProperty("completion_tokens")} out · {assistant.GetProperty("latency_ms")} ms]");
                    }

                    ok = true;
                    break;
                case "error":
                    // An agent reports a failed run (tool errors, too many turns) with an error event and then ends
                    // the run with done; the command fails either way.
                    failed = true;
                    await output.WriteLineAsync();
                    await error.WriteLineAsync($"error: {ErrorText.From(line[6..])}");
                    break;
                default:
                    if (await AgentEventPrinter.PrintAsync(eventName, data.RootElement, output) is { } completed)
                    {
                        ok = completed;
                    }

                    break;
            }
        }

        return ok && !failed;
    }
}
