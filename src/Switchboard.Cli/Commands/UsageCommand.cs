using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard usage</c>: usage and cost reports from a running server's ledger (admins and operators).</summary>
internal static class UsageCommand
{
    public static Command Create()
    {
        var connection = new ServerConnection();
        var by = new Option<string>("--by") { Description = "Group by day, tenant, key, user, team, agent, model, provider, route or conversation.", DefaultValueFactory = _ => "day" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "From this time (inclusive, ISO 8601)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Up to this time (exclusive, ISO 8601)." };
        var top = new Option<int?>("--top") { Description = "Show the N conversations that cost most instead." };
        var forecast = new Option<bool>("--forecast") { Description = "Show the 7-day cost forecast instead." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write every ledger row to this CSV file instead." };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON answer." };
        var command = new Command("usage", "Usage and cost from the ledger: by a grouping (default), top conversations, a forecast, or a CSV export.");
        connection.AddTo(command);
        foreach (var option in new Option[] { by, from, to, top, forecast, csv, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var range = Range(parseResult.GetValue(from), parseResult.GetValue(to));
            var path = parseResult.GetValue(csv) is not null ? $"api/v1/usage/export?{range}"
                : parseResult.GetValue(forecast) ? "api/v1/usage/forecast"
                : parseResult.GetValue(top) is { } n ? $"api/v1/usage/top-conversations?limit={n.ToString(CultureInfo.InvariantCulture)}&{range}"
                : $"api/v1/usage?group_by={Uri.EscapeDataString(parseResult.GetValue(by)!)}&{range}";

            // The export is audited on the server, so the file is opened before asking for it: a path that cannot be
            // written fails here, without an export on record that nobody received.
            FileStream? target = null;
            if (parseResult.GetValue(csv) is { } file)
            {
                try
                {
                    target = file.Create();
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    await error.WriteLineAsync($"error: cannot write {file.FullName}: {exception.Message}");
                    return 1;
                }
            }

            await using (target)
            {
                var exitCode = await connection.RunAsync(parseResult, client => ReportAsync(client, path, target, parseResult, cancellationToken));
                if (exitCode != 0 && target is not null)
                {
                    await target.DisposeAsync();
                    File.Delete(target.Name);
                }

                return exitCode;
            }
        });
        return command;

        async Task<int> ReportAsync(HttpClient client, string path, FileStream? target, ParseResult parseResult, CancellationToken cancellationToken)
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"error: HTTP {(int)response.StatusCode}: {ErrorText.From(await response.Content.ReadAsStringAsync(cancellationToken))}");
                return 1;
            }

            if (target is not null)
            {
                await response.Content.CopyToAsync(target, cancellationToken);
                await output.WriteLineAsync($"wrote {target.Name}");
                return 0;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(body);
                return 0;
            }

            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (parseResult.GetValue(forecast))
            {
                await output.WriteLineAsync($"{"DAY",-12} {"USD",14}");
                foreach (var day in root.GetProperty("days").EnumerateArray())
                {
                    await output.WriteLineAsync($"{day.GetProperty("day").GetString(),-12} {Usd(day.GetProperty("cost_usd")),14}");
                }

                await output.WriteLineAsync($"{"total",-12} {Usd(root.GetProperty("total_usd")),14}");
                return 0;
            }

            await output.WriteLineAsync($"{"GROUP",-40} {"REQUESTS",9} {"IN TOKENS",11} {"OUT TOKENS",11} {"USD",14} {"SAVED USD",12} {"UNPRICED",9}");
            foreach (var row in root.GetProperty("data").EnumerateArray())
            {
                await WriteRowAsync(output, row.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : "(none)", row);
            }

            if (root.TryGetProperty("others", out var others) && others.ValueKind == JsonValueKind.Object)
            {
                await WriteRowAsync(output, "(the other groups)", others);
            }

            if (root.TryGetProperty("totals", out var totals))
            {
                await WriteRowAsync(output, "total", totals);
            }

            return 0;
        }
    }

    private static Task WriteRowAsync(TextWriter output, string group, JsonElement row) =>
        output.WriteLineAsync(
            $"{group,-40} {row.GetProperty("requests").GetInt64(),9} {row.GetProperty("prompt_tokens").GetInt64(),11} {row.GetProperty("completion_tokens").GetInt64(),11} " +
            $"{Usd(row.GetProperty("cost_usd")),14} {Usd(row.GetProperty("saved_usd")),12} {row.GetProperty("unpriced_requests").GetInt64(),9}");

    private static string Usd(JsonElement value) => value.GetDecimal().ToString("0.#########", CultureInfo.InvariantCulture);

    private static string Range(DateTimeOffset? from, DateTimeOffset? to) =>
        string.Join('&', new[] { ("from", from), ("to", to) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!.Value.ToString("O", CultureInfo.InvariantCulture))}"));
}
