using System.Globalization;
using Microsoft.Extensions.Configuration;
using Scaler.Cli.Sandbox;

namespace Scaler.Cli.Simulation;

/// <summary>One figure of the real loop and of the simulation, and whether they agree within <see cref="LoopComparison.Tolerance"/>.</summary>
internal sealed record ComparedFigure(string Name, TimeSpan Real, TimeSpan Simulated)
{
    public double Ratio => Real == TimeSpan.Zero ? (Simulated == TimeSpan.Zero ? 1 : double.PositiveInfinity) : Simulated / Real;

    public bool Agrees => Math.Abs(Ratio - 1) <= LoopComparison.Tolerance;
}

/// <summary>
/// The same small trace through the real loop (the sandbox) and through the simulator set to the sandbox's timings:
/// job waits (p50, p95, max) and VM time must agree within 10 %.
/// </summary>
internal static class LoopComparison
{
    public const double Tolerance = 0.10;

    /// <summary>A trace the sandbox can play in a few minutes.</summary>
    public const int MaxJobs = 40;

    public static readonly TimeSpan MaxArrival = TimeSpan.FromMinutes(5);

    /// <summary>Why the sandbox cannot play the trace, or null.</summary>
    public static string? Refuse(IReadOnlyList<TraceJob> trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.Count > MaxJobs || trace.Any(j => j.Arrival > MaxArrival))
        {
            return $"the comparison plays the trace in real time: at most {MaxJobs} jobs arriving within {MaxArrival.TotalMinutes:0} minutes";
        }

        var label = trace.SelectMany(j => j.Labels).FirstOrDefault(l => !l.Equals("self-hosted", StringComparison.OrdinalIgnoreCase) && !l.Equals("linux", StringComparison.OrdinalIgnoreCase) && !l.Equals("x64", StringComparison.OrdinalIgnoreCase));
        if (label is not null)
        {
            return $"the sandbox's pool linux-x64 has the labels self-hosted, linux and x64, not {label}";
        }

        var repository = trace.Select(j => j.Repository).FirstOrDefault(r => !SandboxReplay.Repositories.Contains(r, StringComparer.OrdinalIgnoreCase));
        return repository is null ? null : $"the sandbox's GitHub emulator knows {string.Join(" and ", SandboxReplay.Repositories)}, not {repository}";
    }

    /// <summary>The sandbox's own settings (its pools and provisioning), with the simulator set to its timings.</summary>
    public static IConfiguration SimulatorSettings(SandboxOptions sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var values = SandboxSettings.Create(sandbox, "UseDevelopmentStorage=true", "simulated", new Uri("http://127.0.0.1/"), new Uri("https://127.0.0.1/"), 1, "");
        values.Remove("GitHub:AppId");
        values.Remove("GitHub:AppPrivateKey");
        values["GitHub:Token"] = "simulated";
        values["Simulation:CreateDuration"] = Invariant(sandbox.ProvisioningDelay);
        values["Simulation:BootDuration"] = Invariant(sandbox.BootDelay);
        values["Simulation:DeleteDuration"] = "00:00:00";

        // The ARM emulator answers a create's PUT at once; the processor lets go of its message then.
        values["Simulation:CreateAcceptDuration"] = "00:00:00";
        values["Simulation:ReconcilePeriod"] = Invariant(sandbox.ReconcilePeriod);

        // A webhook is one local HTTP request; the sandbox's queue pump polls at most every 250 ms when idle and, as
        // the Functions host, takes its next batch when no more than 8 messages are in hand (the default).
        values["Simulation:WebhookLatency"] = "00:00:00.020";
        values["Simulation:QueueMaxPollingInterval"] = "00:00:00.250";
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    public static IReadOnlyList<ComparedFigure> Compare(ReplayOutcome real, SimulationResult simulated)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(simulated);
        var waits = simulated.Jobs.Where(j => j.Wait is not null).Select(j => j.Wait!.Value).ToList();
        return
        [
            new("wait p50", SimulationResult.Percentile(real.Waits, 50), SimulationResult.Percentile(waits, 50)),
            new("wait p95", SimulationResult.Percentile(real.Waits, 95), SimulationResult.Percentile(waits, 95)),
            new("wait max", real.Waits.DefaultIfEmpty().Max(), waits.DefaultIfEmpty().Max()),
            new("VM time", real.VmTime, TimeSpan.FromMinutes(simulated.VmMinutes)),
        ];
    }

    public static void Write(TextWriter output, ReplayOutcome real, SimulationResult simulated, IReadOnlyList<ComparedFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Invariant($"Real loop: {real.Waits.Count} jobs started, {real.Vms} VMs; simulation: {simulated.Started} jobs started, {simulated.Vms.Count} VMs."));
        output.WriteLine(Invariant($"Real loop: from queued to the VM's PUT at ARM p50 {SimulationResult.Percentile(real.Reactions, 50).TotalSeconds:0.00} s, max {real.Reactions.DefaultIfEmpty().Max().TotalSeconds:0.00} s; each: {Seconds(real.Reactions)}."));
        output.WriteLine($"Waits (s), in job order: real {Seconds(real.Waits)}; simulated {Seconds([.. simulated.Jobs.Select(j => j.Wait ?? TimeSpan.Zero)])}.");
        output.WriteLine("figure        real (s)  simulated (s)  ratio");
        foreach (var figure in figures)
        {
            output.WriteLine(Invariant($"{figure.Name,-12}  {figure.Real.TotalSeconds,8:0.00}  {figure.Simulated.TotalSeconds,13:0.00}  {figure.Ratio,5:0.000}{(figure.Agrees ? "" : "  (differs by more than 10 %)")}"));
        }
    }

    private static string Seconds(IReadOnlyList<TimeSpan> values) => string.Join(' ', values.Select(v => v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)));

    private static string Invariant(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
