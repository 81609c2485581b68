using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Switchboard.Server.Hosting;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard serve</c>: runs the server, the same host as <c>Switchboard.Server</c>.</summary>
internal static class ServeCommand
{
    public const string Name = "serve";

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
        var command = new Command(Name, "Run the Switchboard server until Ctrl+C. Any setting can follow as --Section:Key=value (e.g. --Switchboard:Chat:DefaultModel=builtin:support).")
        {
            urls, config,
        };

        // Settings given as --Switchboard:Chat:DefaultModel=x (or with the value as the next word) are not options of
        // this command; they go to the configuration, as they do for Switchboard.Server.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (ConfigurationArguments(parseResult.UnmatchedTokens) is not { } settings)
            {
                await error.WriteLineAsync(
                    $"error: unrecognised argument(s) {string.Join(' ', parseResult.UnmatchedTokens.Select(t => $"'{t}'"))}; settings are given as --Section:Key=value, e.g. --Switchboard:Chat:DefaultModel=builtin:support");
                return 1;
            }

            var args = parseResult.GetValue(urls) is { } value ? [.. settings, "--urls", value] : settings;
            WebApplication app;
            try
            {
                app = SwitchboardApplication.Build(args, parseResult.GetValue(config));
            }
            catch (ConfigurationValidationException exception)
            {
                await error.WriteLineAsync(exception.Message);
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
                    await error.WriteLineAsync(exception.Message);
                    return 2;
                }
                catch (IOException exception)
                {
                    // Kestrel cannot listen: the address is in use or not this machine's.
                    await error.WriteLineAsync($"error: cannot listen: {exception.Message}");
                    return 2;
                }

                await app.WaitForShutdownAsync(cancellationToken);
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// Returns the tokens as configuration arguments when every one is a <c>--Section:Key=value</c> setting, a
    /// <c>--Section:Key</c> followed by its value, or that value; null when any is something else (a mistyped option).
    /// </summary>
    internal static string[]? ConfigurationArguments(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? token[2..] : token[2..equals];
            if (key.Length == 0 || !key.Contains(':', StringComparison.Ordinal) || key.StartsWith(':') || key.EndsWith(':'))
            {
                return null;
            }

            if (equals < 0)
            {
                if (i + 1 >= tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return null;
                }

                i++;
            }
        }

        return [.. tokens];
    }
}
