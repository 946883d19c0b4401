using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Scaler.Cli.Simulation;

namespace Scaler.Cli.Commands;

/// <summary><c>scaler simulate</c>: a trace through Scaler's decisions in virtual time, for capacity planning.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var trace = new Option<FileInfo>("--trace") { Description = "The trace: CSV with the header arrival,labels,repository,duration.", Required = true };
        var settings = new Option<FileInfo?>("--settings") { Description = "A local.settings.json-style file: pools, provisioning and the Simulation section. Default: two example pools." };
        var output = new Option<FileInfo?>("--out") { Description = "Write an SVG chart of queued jobs and runners (booting, idle, busy) over time." };
        var warmMax = new Option<int>("--warm-max") { Description = "The warm-pool table runs MinIdle 0 to this; -1 skips it.", DefaultValueFactory = _ => 4 };
        var standbyMax = new Option<int>("--standby-max") { Description = "The standby table runs Standby.Size 0 to this; -1 (the default) skips it.", DefaultValueFactory = _ => -1 };
        var warmPool = new Option<string?>("--warm-pool") { Description = "The pool whose MinIdle (and Standby.Size) the tables vary; default: every pool." };
        var command = new Command("simulate", "Play a trace of jobs through Scaler's router, processor and reconciler in virtual time: waits, VM-minutes against the oracle, cost, peak runners, and waits against cost by warm-pool and standby size.")
        {
            trace, settings, output, warmMax, standbyMax, warmPool, TraceCommand.Create(), SimulateCompareCommand.Create(),
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var (stdout, stderr) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            var file = result.GetValue(trace)!;
            try
            {
                var watch = Stopwatch.StartNew();
                var jobs = TraceFile.Read(file.FullName);
                var configuration = SimulationSettings.Load(result.GetValue(settings)?.FullName);
                var run = await Simulation.Simulation.RunAsync(configuration, jobs, null, cancellationToken);
                var pool = result.GetValue(warmPool);
                if (pool is not null && !configuration.GetSection("Scaler:Pools").GetChildren().Any(p => string.Equals(p["Name"], pool, StringComparison.OrdinalIgnoreCase)))
                {
                    await stderr.WriteLineAsync($"error: --warm-pool {pool} is not a pool of the settings.");
                    return 2;
                }

                var warm = await WarmPoolTable.WarmAsync(configuration, jobs, result.GetValue(warmMax), pool, cancellationToken);
                var standby = await WarmPoolTable.StandbyAsync(configuration, jobs, result.GetValue(standbyMax), pool, cancellationToken);
                SimulationReport.Write(stdout, file.Name, run, warm, standby, pool);
                if (result.GetValue(output) is { } svg)
                {
                    await File.WriteAllTextAsync(svg.FullName, ReportChart.Render(run, file.Name), cancellationToken);
                    await stdout.WriteLineAsync($"Chart written to {svg.FullName}.");
                }

                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{1 + warm.Count + standby.Count} simulations in {watch.Elapsed.TotalSeconds:0.0} s."));
                return 0;
            }
            catch (Exception ex) when (ex is TraceFormatException or FileNotFoundException or InvalidDataException or JsonException or OptionsValidationException or InvalidOperationException)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
