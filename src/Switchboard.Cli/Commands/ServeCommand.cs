using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Switchboard.Server.Hosting;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard serve</c>: runs the server, the same host as <c>Switchboard.Server</c>.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Addresses to listen on, separated by ';' (default: Switchboard:Server:Urls, http://127.0.0.1:8080).",
        };
        var config = new Option<string?>("--config")
        {
            Description = "A JSON configuration file applied over appsettings.json (providers, models, storage…).",
        };
        var command = new Command("serve", "Run the Switchboard server until Ctrl+C.") { urls, config };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var args = parseResult.GetValue(urls) is { } value ? new[] { "--urls", value } : [];
            WebApplication app;
            try
            {
                app = SwitchboardApplication.Build(args, parseResult.GetValue(config));
            }
            catch (ConfigurationValidationException exception)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(exception.Message);
                return 2;
            }

            await using (app)
            {
                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (ConfigurationValidationException exception)
                {
                    // Found while starting: the database cannot be created where the settings put it.
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync(exception.Message);
                    return 2;
                }

                await app.WaitForShutdownAsync(cancellationToken);
            }

            return 0;
        });
        return command;
    }
}
