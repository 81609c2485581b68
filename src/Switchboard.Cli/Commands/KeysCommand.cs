using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard keys create|list|rotate|revoke</c>: manages API keys through a running server's admin API.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage API keys of a running server (needs an admin key: --api-key or SWITCHBOARD_API_KEY).");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(IdCommand("rotate", "Give a key a new token (printed once); the old token stops working.", "rotate"));
        command.Subcommands.Add(IdCommand("revoke", "Revoke a key for good.", "revoke"));
        return command;
    }

    private static Command CreateCommand()
    {
        var connection = new ServerConnection();
        var name = new Option<string>("--name") { Description = "A name for people.", Required = true };
        var roles = new Option<string[]>("--role") { Description = "A role: admin, operator, user or service (repeat for several).", Required = true, AllowMultipleArgumentsPerToken = true };
        var tenant = new Option<string?>("--tenant") { Description = "The tenant (root-tenant admins only; default: the caller's)." };
        var team = new Option<string?>("--team") { Description = "The team." };
        var user = new Option<string?>("--user") { Description = "The user." };
        var models = new Option<string[]>("--allow-model") { Description = "A model, route or policy the key may use (repeat; default: all).", AllowMultipleArgumentsPerToken = true };
        var agents = new Option<string[]>("--allow-agent") { Description = "An agent or team the key may use (repeat; default: all).", AllowMultipleArgumentsPerToken = true };
        var rpm = new Option<int?>("--rpm") { Description = "Requests per minute." };
        var tpm = new Option<int?>("--tpm") { Description = "Tokens per minute." };
        var daily = new Option<decimal?>("--daily-budget") { Description = "The key's daily budget in USD." };
        var monthly = new Option<decimal?>("--monthly-budget") { Description = "The key's monthly budget in USD." };
        var expires = new Option<DateTimeOffset?>("--expires") { Description = "When the key stops working (ISO 8601)." };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON answer." };
        var command = new Command("create", "Create a key; its token is printed once.");
        connection.AddTo(command);
        foreach (var option in new Option[] { name, roles, tenant, team, user, models, agents, rpm, tpm, daily, monthly, expires, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["name"] = parseResult.GetValue(name),
                ["roles"] = new JsonArray([.. parseResult.GetValue(roles)!.Select(r => (JsonNode?)r)]),
                ["tenant"] = parseResult.GetValue(tenant),
                ["team"] = parseResult.GetValue(team),
                ["user"] = parseResult.GetValue(user),
                ["requests_per_minute"] = parseResult.GetValue(rpm),
                ["tokens_per_minute"] = parseResult.GetValue(tpm),
                ["expires_at"] = parseResult.GetValue(expires),
            };
            if (parseResult.GetValue(models) is { Length: > 0 } allowedModels)
            {
                body["allowed_models"] = new JsonArray([.. allowedModels.Select(m => (JsonNode?)m)]);
            }

            if (parseResult.GetValue(agents) is { Length: > 0 } allowedAgents)
            {
                body["allowed_agents"] = new JsonArray([.. allowedAgents.Select(a => (JsonNode?)a)]);
            }

            var budgets = new JsonArray();
            if (parseResult.GetValue(daily) is { } day)
            {
                budgets.Add(new JsonObject { ["period"] = "day", ["limit_usd"] = day });
            }

            if (parseResult.GetValue(monthly) is { } month)
            {
                budgets.Add(new JsonObject { ["period"] = "month", ["limit_usd"] = month });
            }

            if (budgets.Count > 0)
            {
                body["budgets"] = budgets;
            }

            return await SendAsync(connection, parseResult, HttpMethod.Post, "api/v1/keys", body.ToJsonString(), parseResult.GetValue(json), PrintKey, cancellationToken);
        });
        return command;
    }

    private static Command ListCommand()
    {
        var connection = new ServerConnection();
        var all = new Option<bool>("--include-revoked") { Description = "List revoked keys too." };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON answer." };
        var command = new Command("list", "List the keys of the caller's tenant (prefixes only, never tokens).");
        connection.AddTo(command);
        command.Options.Add(all);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) =>
            ListAllAsync(connection, parseResult, parseResult.GetValue(all), parseResult.GetValue(json), cancellationToken));
        return command;
    }

    /// <summary>Reads every page of the list (the server answers up to 500 keys at a time) and prints them as one.</summary>
    private static async Task<int> ListAllAsync(ServerConnection connection, ParseResult parseResult, bool includeRevoked, bool json, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        return await connection.RunAsync(parseResult, async client =>
        {
            var keys = new JsonArray();
            string? cursor = null;
            do
            {
                var path = $"api/v1/keys?limit=500&include_revoked={(includeRevoked ? "true" : "false")}"
                    + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await error.WriteLineAsync($"error: HTTP {(int)response.StatusCode}: {ErrorText.From(text)}");
                    return 1;
                }

                var page = JsonNode.Parse(text)!.AsObject();
                foreach (var key in page["data"]!.AsArray())
                {
                    keys.Add(key?.DeepClone());
                }

                var next = page["has_more"]?.GetValue<bool>() == true ? page["next_cursor"]?.GetValue<string>() : null;
                if (next is not null && cursor is not null && string.CompareOrdinal(next, cursor) <= 0)
                {
                    // Ids come in order; a cursor that does not move on would read the same page forever.
                    await error.WriteLineAsync("error: the server's next_cursor did not move forward; stopped listing.");
                    return 1;
                }

                cursor = next;
            }
            while (cursor is not null);

            var list = new JsonObject { ["object"] = "list", ["data"] = keys };
            if (json)
            {
                await output.WriteLineAsync(list.ToJsonString());
                return 0;
            }

            using var document = JsonDocument.Parse(list.ToJsonString());
            await PrintList(document.RootElement, output);
            return 0;
        });
    }

    private static Command IdCommand(string verb, string description, string path)
    {
        var connection = new ServerConnection();
        var id = new Argument<string>("id") { Description = "The key id (key_…)." };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON answer." };
        var command = new Command(verb, description);
        connection.AddTo(command);
        command.Arguments.Add(id);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) =>
            SendAsync(connection, parseResult, HttpMethod.Post, $"api/v1/keys/{Uri.EscapeDataString(parseResult.GetValue(id)!)}/{path}", "{}", parseResult.GetValue(json), PrintKey, cancellationToken));
        return command;
    }

    private static async Task<int> SendAsync(
        ServerConnection connection, ParseResult parseResult, HttpMethod method, string path, string? body, bool json, Func<JsonElement, TextWriter, Task> print, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        return await connection.RunAsync(parseResult, async client =>
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"error: HTTP {(int)response.StatusCode}: {ErrorText.From(text)}");
                return 1;
            }

            if (json)
            {
                await output.WriteLineAsync(text);
                return 0;
            }

            using var document = JsonDocument.Parse(text);
            await print(document.RootElement, output);
            return 0;
        });
    }

    private static async Task PrintKey(JsonElement key, TextWriter output)
    {
        await output.WriteLineAsync($"id:      {key.GetProperty("id").GetString()}");
        await output.WriteLineAsync($"name:    {key.GetProperty("name").GetString()}");
        await output.WriteLineAsync($"tenant:  {key.GetProperty("tenant").GetString()}");
        await output.WriteLineAsync($"roles:   {string.Join(", ", key.GetProperty("roles").EnumerateArray().Select(r => r.GetString()))}");
        await output.WriteLineAsync($"status:  {key.GetProperty("status").GetString()}");
        if (key.TryGetProperty("key", out var token) && token.ValueKind == JsonValueKind.String)
        {
            await output.WriteLineAsync($"token:   {token.GetString()}");
            await output.WriteLineAsync("The token is shown this once; store it now.");
        }
    }

    private static async Task PrintList(JsonElement list, TextWriter output)
    {
        await output.WriteLineAsync($"{"ID",-32} {"NAME",-24} {"PREFIX",-40} {"ROLES",-18} {"STATUS",-8}");
        foreach (var key in list.GetProperty("data").EnumerateArray())
        {
            var roles = string.Join(",", key.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            await output.WriteLineAsync($"{key.GetProperty("id").GetString(),-32} {key.GetProperty("name").GetString(),-24} {key.GetProperty("prefix").GetString(),-40} {roles,-18} {key.GetProperty("status").GetString(),-8}");
        }
    }
}
