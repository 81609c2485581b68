using System.CommandLine;
using Switchboard.Cli.Commands;

namespace Switchboard.Cli;

/// <summary>The <c>switchboard</c> command line.</summary>
internal static class SwitchboardCli
{
    /// <summary>Parses and runs a command; input and output are parameters so that tests drive it like a terminal.</summary>
    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Switchboard: a self-hosted AI agent platform server with one API over many LLM providers.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ChatCommand.Create(input));
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(UsageCommand.Create());
        root.Subcommands.Add(NluCommand.Create());
        root.Subcommands.Add(KbCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
