using System.Globalization;
using Scaler.Emulators.GitHub.Jobs;
using Spectre.Console;

namespace Scaler.Cli.Demo;

/// <summary>The demo's numbers: jobs, completions, waits (started_at - created_at), VM-seconds and leftovers.</summary>
public sealed record DemoSummary(int Jobs, int Completed, TimeSpan WaitP50, TimeSpan WaitP95, double VmSeconds, int LeftoverVms, int LeftoverRunners)
{
    public bool Succeeded => Completed == Jobs && LeftoverVms == 0 && LeftoverRunners == 0;

    /// <summary>The demo's last line, for people and scripts alike.</summary>
    public string FinalLine => string.Create(
        CultureInfo.InvariantCulture,
        $"demo: jobs={Jobs} completed={Completed} wait_p50={WaitP50.TotalSeconds:0.0}s wait_p95={WaitP95.TotalSeconds:0.0}s vm_seconds={VmSeconds:0} leftover_vms={LeftoverVms} leftover_runners={LeftoverRunners}");

    public static DemoSummary From(DemoOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var waits = Waits(outcome.Jobs);
        return new DemoSummary(
            outcome.Final.JobsTotal,
            outcome.Jobs.Count(j => j.Status == "completed"),
            Percentile(waits, 0.50),
            Percentile(waits, 0.95),
            outcome.Vms.Sum(v => v.Lifetime.TotalSeconds),
            outcome.Final.LeftoverVms,
            outcome.Final.LeftoverRunners);
    }

    /// <summary>A table with a column per pool (jobs, waits, VMs by priority, VM-seconds, leftovers) and what became of the faults.</summary>
    public static void Render(IAnsiConsole console, DemoOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(outcome);
        var table = new Table().Title("Summary").AddColumn("");
        var rows = new List<string[]>();
        foreach (var pool in outcome.Final.Pools)
        {
            table.AddColumn(new TableColumn(pool.Pool).RightAligned());
            var jobs = outcome.Jobs.Where(j => PoolOf(j) == pool.Pool).ToList();
            var waits = Waits(jobs);
            var vms = outcome.Vms.Where(v => v.Pool == pool.Pool).ToList();
            rows.Add([
                Text(jobs.Count),
                Text(jobs.Count(j => j.Status == "completed")),
                Seconds(Percentile(waits, 0.50)),
                Seconds(Percentile(waits, 0.95)),
                $"{vms.Count} ({vms.Count(v => v.Spot)}/{vms.Count(v => !v.Spot)})",
                Text(Math.Round(vms.Sum(v => v.Lifetime.TotalSeconds))),
                Text(pool.LeftoverVms),
                Text(pool.LeftoverRunners),
            ]);
        }

        string[] metrics = ["Jobs", "Completed", "Wait p50", "Wait p95", "VMs (Spot/regular)", "VM-seconds", "Leftover VMs", "Leftover runners"];
        for (var i = 0; i < metrics.Length; i++)
        {
            table.AddRow([metrics[i], .. rows.Select(r => r[i])]);
        }

        console.Write(table);
        console.WriteLine(Markup.Escape($"Spot allocation failure: {outcome.Vms.Count(v => v.Pool == DemoWorkload.LinuxPool && !v.Spot)} linux-x64 VM(s) fell back to regular priority."));
        if (outcome.BootFailure is var (name, jobId))
        {
            var vm = outcome.Vms.FirstOrDefault(v => v.Name == name);
            var fate = vm switch
            {
                null => "was never seen",
                { GoneAt: null } => "is still there",
                _ => $"was deleted {vm.Lifetime.TotalSeconds:0} s after it was created",
            };
            var runner = outcome.Jobs.FirstOrDefault(j => j.Id == jobId)?.RunnerName ?? "no runner";
            console.WriteLine(Markup.Escape($"Boot failure: VM {name} {fate}; its job {jobId} ran on {runner}."));
        }
    }

    private static string PoolOf(WorkflowJobInfo job) =>
        job.Labels.Contains("gpu", StringComparer.OrdinalIgnoreCase) ? DemoWorkload.GpuPool : DemoWorkload.LinuxPool;

    private static List<TimeSpan> Waits(IEnumerable<WorkflowJobInfo> jobs) =>
        [.. jobs.Where(j => j.StartedAt is not null).Select(j => j.StartedAt!.Value - j.CreatedAt).Order()];

    /// <summary>Nearest-rank percentile; zero when nothing started.</summary>
    private static TimeSpan Percentile(List<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.0} s");

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
