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
            foreach (var error in report.Errors)
            {
                output.WriteLine($"error: {error}");
            }

            foreach (var warning in report.Warnings)
            {
                output.WriteLine($"warning: {warning}");
            }

            output.WriteLine($"config check: {file.Name}: {Count(report.Errors.Count, "error")}, {Count(report.Warnings.Count, "warning")}");
            return report.Errors.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
