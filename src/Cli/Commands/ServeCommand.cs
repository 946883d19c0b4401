using System.CommandLine;
using Microsoft.Extensions.Hosting;
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
            ServeRoles parsedRoles;
            try
            {
                parsedRoles = ServeRolesParser.Parse(result.GetValue(roles)!);
            }
            catch (ArgumentException ex)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(ex.Message);
                return 2;
            }

            var configuration = SettingsFile.Load(result.GetValue(settings)!.FullName);
            await using var app = ServeHost.Build(configuration, new ServeOptions { Urls = result.GetValue(urls)!.Split(';'), Roles = parsedRoles });
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
