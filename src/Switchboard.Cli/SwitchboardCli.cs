using System.CommandLine;
using System.Globalization;
using Switchboard.Cli.Commands;

namespace Switchboard.Cli;

/// <summary>The <c>switchboard</c> command line.</summary>
internal static class SwitchboardCli
{
    /// <summary>Parses and runs a command; input and output are parameters so that tests drive it like a terminal.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        // Numbers, dates and amounts on the command line ("--daily-budget 0.5", "--from 2026-11-01") and in the output
        // are read and written the same way in every locale; a German one would otherwise read 0.5 as 5. The change
        // stays inside this call.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

        var root = new RootCommand("Switchboard: a self-hosted AI agent platform server with one API over many LLM providers.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ChatCommand.Create(input));
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(UsageCommand.Create());
        root.Subcommands.Add(NluCommand.Create());
        root.Subcommands.Add(KbCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        var parseResult = root.Parse(args);
        return await parseResult.InvokeAsync(Configuration(parseResult, output, error), cancellationToken);
    }

    /// <summary>
    /// How a parsed command runs. <c>serve</c> leaves Ctrl+C and SIGTERM to the host, which stops accepting
    /// requests, drains those in flight (Switchboard:Server:ShutdownTimeoutSeconds) and lets the ledger record them;
    /// the library's own handling would end the process 2 seconds after the signal, in the middle of that.
    /// </summary>
    internal static InvocationConfiguration Configuration(ParseResult parseResult, TextWriter output, TextWriter error)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parseResult.CommandResult.Command.Name == ServeCommand.Name)
        {
            configuration.ProcessTerminationTimeout = null;
        }

        return configuration;
    }
}
