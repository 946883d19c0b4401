using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Scaler.Cli.Sandbox;
using Scaler.Core.Convergence;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Bench;

/// <summary>
/// One reconcile pass over a pool of many runners: the sandbox's own loop first fills the pool with runners busy on
/// long jobs (its timer reconcile held off), then single passes run on demand. Each pass's duration and calls, for
/// several pool sizes, show whether the cost follows the pages of each list or the runners themselves.
/// </summary>
internal static class ReconcileBenchmark
{
    public sealed record Result(int Runners, TimeSpan Fastest, TimeSpan Median, Calls Calls);

    public static async Task<Result> MeasureAsync(int runners, CancellationToken cancellationToken)
    {
        await using var sandbox = await Sandbox.StartAsync(
            new SandboxOptions
            {
                LinuxMinIdle = 0,
                LinuxMaxRunners = runners,
                ProvisioningDelay = TimeSpan.FromMilliseconds(100),
                BootDelay = TimeSpan.FromMilliseconds(100),
                BootTimeout = TimeSpan.FromMinutes(10),
                LeaseDuration = TimeSpan.FromMinutes(10),
                IdleTimeout = TimeSpan.FromMinutes(30),
                ReconcilePeriod = TimeSpan.FromHours(1),

                // Filling the pool is not what is measured: GitHub's limits are lifted so 1,000 JIT configs come fast.
                GitHubSecondaryPointsPerMinute = 1_000_000,
                GitHubRequestsPerHour = 1_000_000,
            },
            cancellationToken);

        var ids = Enumerable.Range(0, runners)
            .Select(_ => sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromHours(1) }).Id)
            .ToHashSet();
        var filling = Stopwatch.StartNew();
        while (sandbox.GitHub.GetJobs().Count(j => ids.Contains(j.Id) && j.StartedAt is not null) < runners)
        {
            if (filling.Elapsed > TimeSpan.FromMinutes(10))
            {
                var jobs = sandbox.GitHub.GetJobs().Where(j => ids.Contains(j.Id)).ToList();
                throw new TimeoutException(
                    $"the pool did not reach {runners} busy runners in 10 minutes: {jobs.Count(j => j.StartedAt is not null)} started, {sandbox.Arm.VirtualMachines.Count} VMs, {sandbox.GitHub.GetRunners().Count} runners");
            }

            await Task.Delay(200, cancellationToken);
        }

        // Let the last in_progress events land, so a pass has nothing to repair.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var reconciler = sandbox.Serve.Services.GetRequiredService<Reconciler>();
        await reconciler.ReconcileAsync(cancellationToken);

        var before = Calls.Read(sandbox.GitHub.Counters, sandbox.Arm.Counters);
        var times = new List<TimeSpan>();
        const int passes = 5;
        for (var i = 0; i < passes; i++)
        {
            var watch = Stopwatch.StartNew();
            await reconciler.ReconcileAsync(cancellationToken);
            times.Add(watch.Elapsed);
        }

        var calls = Calls.Read(sandbox.GitHub.Counters, sandbox.Arm.Counters).Since(before);
        var perPass = new Calls(
            calls.GitHub.ToDictionary(c => c.Key, c => c.Value / passes),
            calls.Arm.ToDictionary(c => c.Key, c => c.Value / passes));
        times.Sort();
        return new Result(runners, times[0], times[passes / 2], perPass);
    }

    public static void Write(Report report, IReadOnlyList<Result> results)
    {
        report.Line("### Reconcile at scale: one pass over a pool of busy runners (median of 5 passes)");
        report.Line();
        report.Table(
            ["Runners", "Pass ms (median)", "Pass ms (fastest)", "GitHub calls", "ARM reads", "ARM writes", "Calls per 100 runners"],
            results.Select(r => new[]
            {
                r.Runners.ToString(System.Globalization.CultureInfo.InvariantCulture), Report.F(r.Median.TotalMilliseconds, "F0"), Report.F(r.Fastest.TotalMilliseconds, "F0"),
                r.Calls.GitHubTotal.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Calls.ArmReads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Calls.ArmWrites.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Report.F((r.Calls.GitHubTotal + r.Calls.ArmReads + r.Calls.ArmWrites) * 100.0 / r.Runners, "F1"),
            }));
        report.Line($"Where one pass's calls go at {results[^1].Runners} runners:");
        report.Line();
        report.Table(["API", "Endpoint or operation", "Calls", "Per 100 runners"], results[^1].Calls.Breakdown(Math.Max(1, results[^1].Runners / 100)));
    }
}
