using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard models</c>: lists the models a running server offers.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var connection = new ServerConnection();
        var command = new Command("models", "List the models of a running server (GET /v1/models).");
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async client =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            using var response = await client.GetAsync(new Uri("v1/models", UriKind.Relative), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"error: HTTP {(int)response.StatusCode}: {ErrorText.From(body)}");
                return 1;
            }

            using var document = JsonDocument.Parse(body);
            await output.WriteLineAsync($"{"MODEL",-40} {"CONTEXT",9} {"$/1M IN",9} {"$/1M OUT",9}");
            foreach (var model in document.RootElement.GetProperty("data").EnumerateArray())
            {
                var context = model.TryGetProperty("context_window", out var c) ? c.GetInt64().ToString(CultureInfo.InvariantCulture) : "-";
                var input = "-";
                var outputPrice = "-";
                if (model.TryGetProperty("pricing", out var pricing))
                {
                    input = pricing.GetProperty("input_per_million").GetDecimal().ToString(CultureInfo.InvariantCulture);
                    outputPrice = pricing.GetProperty("output_per_million").GetDecimal().ToString(CultureInfo.InvariantCulture);
                }

                await output.WriteLineAsync($"{model.GetProperty("id").GetString(),-40} {context,9} {input,9} {outputPrice,9}");
            }

            return 0;
        }));
        return command;
    }
}
