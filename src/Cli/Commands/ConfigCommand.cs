using System.CommandLine;
using Scaler.Cli.Configuration;

namespace Scaler.Cli.Commands;

/// <summary><c>scaler config check</c>: the app's start-up validation, without starting it, and warnings for risky choices.</summary>
internal static class ConfigCommand
{
    public static Command Create() =>
        new("config", "Work with app settings.")
        {
            CreateCheck(),
        };

    private static Command CreateCheck()
    {
        var settings = SettingsOption.Create();
        var command = new Command("check", "Validate settings as the app does at start and flag risky choices. Exit 1 on any error.") { settings };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var file = result.GetValue(settings)!;
            var configuration = SettingsOption.TryLoad(file, result.InvocationConfiguration.Error);
            if (configuration is null)
            {
                return 1;
            }

            var report = SettingsCheck.Run(configuration);
            SettingsReportWriter.Write(report, output);
            output.WriteLine($"config check: {file.Name}: {SettingsReportWriter.Counts(report)}");
            return report.Errors.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
