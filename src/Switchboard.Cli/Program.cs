namespace Switchboard.Cli;

/// <summary>The <c>switchboard</c> entry point.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => SwitchboardCli.RunAsync(args, Console.In, Console.Out, Console.Error);
}
