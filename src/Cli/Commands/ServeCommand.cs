using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scaler.Cli.Configuration;
using Scaler.Cli.Hosting;

namespace Scaler.Cli.Commands;

/// <summary><c>scaler serve</c>: Scaler outside Azure Functions.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var settings = SettingsOption.Create();
        var urls = new Option<string>("--urls") { Description = "Where the webhook listens.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var roles = new Option<string>("--roles") { Description = "Parts to run: intake, jobs, timers (comma-separated).", DefaultValueFactory = _ => "intake,jobs,timers" };
        var command = new Command("serve", "Run the webhook, the job queue consumer and the timers, as the Functions app does.") { settings, urls, roles };
        command.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            ServeRoles parsedRoles;
            try
            {
                parsedRoles = ServeRolesParser.Parse(result.GetValue(roles)!);
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return 2;
            }

            var file = result.GetValue(settings)!;
            var configuration = SettingsOption.TryLoad(file, error);
            if (configuration is null)
            {
                return 1;
            }

            // The checks config check runs, before the host exists: a bad setting is one line naming it, not a stack trace.
            var report = SettingsCheck.Run(configuration);
            SettingsReportWriter.Write(report, error);
            if (report.Errors.Count > 0)
            {
                await error.WriteLineAsync($"serve: {file.Name}: {SettingsReportWriter.Counts(report)}; not started");
                return 1;
            }

            await using var app = ServeHost.Build(configuration, new ServeOptions { Urls = result.GetValue(urls)!.Split(';'), Roles = parsedRoles });
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (OptionsValidationException ex)
            {
                // A validator the check above does not run; still the same lines.
                SettingsReportWriter.Write(new SettingsReport([.. ex.Failures], []), error);
                await error.WriteLineAsync($"serve: {file.Name}: not started");
                return 1;
            }

            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
