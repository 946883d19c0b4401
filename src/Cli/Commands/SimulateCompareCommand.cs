using System.CommandLine;
using Scaler.Cli.Simulation;

namespace Scaler.Cli.Commands;

/// <summary><c>scaler simulate compare</c>: a small trace through the real loop on the emulators and through the simulator.</summary>
internal static class SimulateCompareCommand
{
    public static Command Create()
    {
        var trace = new Option<FileInfo>("--trace") { Description = "A small trace (at most 40 jobs within 5 minutes; labels self-hosted linux x64; repositories contoso/api or contoso/web).", Required = true };
        var create = new Option<double>("--create") { Description = "The ARM emulator's create operation, in seconds.", DefaultValueFactory = _ => 4 };
        var boot = new Option<double>("--boot") { Description = "From the VM created until its runner is online, in seconds.", DefaultValueFactory = _ => 6 };
        var command = new Command("compare", "Play a small trace in real time through Azurite, the emulators and scaler serve, and through the simulator with the same timings; exit 0 when waits and VM time agree within 10 %.")
        {
            trace, create, boot,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var (stdout, stderr) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            try
            {
                var jobs = TraceFile.Read(result.GetValue(trace)!.FullName);
                if (LoopComparison.Refuse(jobs) is { } refused)
                {
                    await stderr.WriteLineAsync($"error: {refused}.");
                    return 2;
                }

                var options = SandboxReplay.Options(TimeSpan.FromSeconds(result.GetValue(create)), TimeSpan.FromSeconds(result.GetValue(boot)));
                await stdout.WriteLineAsync("Starting Azurite, the GitHub and ARM emulators and scaler serve; playing the trace in real time.");
                ReplayOutcome real;
                await using (var sandbox = await Sandbox.Sandbox.StartAsync(options, cancellationToken))
                {
                    real = await SandboxReplay.RunAsync(sandbox, jobs, TimeSpan.FromMinutes(3), cancellationToken);
                }

                var simulated = await Simulation.Simulation.RunAsync(LoopComparison.SimulatorSettings(options), jobs, null, cancellationToken);
                var figures = LoopComparison.Compare(real, simulated);
                LoopComparison.Write(stdout, real, simulated, figures);
                return real.Completed && figures.All(f => f.Agrees) ? 0 : 1;
            }
            catch (Exception ex) when (ex is TraceFormatException or FileNotFoundException)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
