using Switchboard.Server.Hosting;

WebApplication app;
try
{
    app = SwitchboardApplication.Build(args);
}
catch (ConfigurationValidationException exception)
{
    // A configuration mistake is the operator's to fix: say what is wrong, without a stack trace.
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

try
{
    await app.RunAsync();
}
catch (ConfigurationValidationException exception)
{
    // Found while starting: the database cannot be created where the settings put it.
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

return 0;

/// <summary>The server's entry point; public so that functional tests can host it.</summary>
public partial class Program;
