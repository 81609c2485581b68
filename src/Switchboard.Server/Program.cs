using Switchboard.Server.Hosting;

var app = SwitchboardApplication.Build(args);
await app.RunAsync();

/// <summary>The server's entry point; public so that functional tests can host it.</summary>
public partial class Program;
