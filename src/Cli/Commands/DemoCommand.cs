using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Scaler.Cli.Demo;
using Spectre.Console;

namespace Scaler.Cli.Commands;

/// <summary><c>scaler demo</c>: the whole loop on this machine, with a workload and a few faults.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var jobs = new Option<int>("--jobs") { Description = "How many jobs to play, about one a second.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed of the workload: the same seed plays the same jobs.", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Start Azurite, the GitHub and Azure emulators and serve; play a workload with faults; report waits, VM-seconds and leftovers. Exit 0 when every job completed and nothing leaked.") { jobs, seed };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var options = new DemoOptions { Jobs = result.GetValue(jobs), Seed = result.GetValue(seed) };
            if (options.Jobs < 1)
            {
                await error.WriteLineAsync("error: --jobs must be 1 or more.");
                return 2;
            }

            var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            var console = interactive ? AnsiConsole.Console : PlainConsole(output);
            var watch = Stopwatch.StartNew();
            console.WriteLine("Starting Azurite, the GitHub and ARM emulators and scaler serve.");
            console.WriteLine("Pools: linux-x64 (Spot, 1 warm runner), gpu (regular VMs).");
            DemoOutcome outcome;
            try
            {
                await using var sandbox = await Sandbox.Sandbox.StartAsync(options.Sandbox, cancellationToken);
                outcome = interactive
                    ? await console.Progress()
                        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .StartAsync(context => DemoRun.RunAsync(sandbox, options, new LiveProgress(console, context, options.WarmMinimum.Keys, options.Jobs), TimeProvider.System, cancellationToken))
                    : await DemoRun.RunAsync(sandbox, options, new PlainProgress(output), TimeProvider.System, cancellationToken);
            }
            catch (FileNotFoundException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }

            var summary = DemoSummary.From(outcome);
            DemoSummary.Render(console, outcome);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wall time {watch.Elapsed.TotalSeconds:0} s."));
            await output.FlushAsync(cancellationToken);
            await output.WriteLineAsync(summary.FinalLine);
            return summary.Succeeded ? 0 : 1;
        });
        return command;
    }

    private static IAnsiConsole PlainConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        return console;
    }
}
