using Switchboard.Cli;

return await SwitchboardCli.RunAsync(args, Console.In, Console.Out, Console.Error);
