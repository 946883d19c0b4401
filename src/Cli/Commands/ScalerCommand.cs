using System.CommandLine;

namespace Scaler.Cli.Commands;

/// <summary>The <c>scaler</c> root command and its subcommands.</summary>
public static class ScalerCommand
{
    public static RootCommand Create() =>
        new("Scaler: ephemeral GitHub Actions runners on Azure VM scale sets.")
        {
            ServeCommand.Create(),
            DemoCommand.Create(),
            CloudInitCommand.Create(),
            ConfigCommand.Create(),
            SimulateCommand.Create(),
        };
}
