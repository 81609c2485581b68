using System.Net;
using System.Net.Sockets;
using Switchboard.Cli;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Runs the <c>switchboard</c> command in process, with typed input and captured output, as a terminal would.</summary>
public static class CliRunner
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunWithInputAsync(args, string.Empty);

    public static async Task<(int ExitCode, string Output, string Error)> RunWithInputAsync(string[] args, string input)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SwitchboardCli.RunAsync(args, new StringReader(input), output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Returns a loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
