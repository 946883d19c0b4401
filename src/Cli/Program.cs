using System.CommandLine;
using Scaler.Cli.Commands;

var root = new RootCommand("Scaler: ephemeral GitHub Actions runners on Azure VM scale sets.")
{
    ServeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
