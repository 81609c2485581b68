using System.CommandLine;
using System.Reflection;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard version</c>.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the Switchboard version.");
        command.SetAction(parseResult =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(VersionCommand).Assembly.GetName().Version?.ToString()
                ?? "unknown";
            parseResult.InvocationConfiguration.Output.WriteLine($"switchboard {version.Split('+')[0]} (.NET {Environment.Version})");
            return 0;
        });
        return command;
    }
}
