using Microsoft.Extensions.DependencyInjection;
using Scaler.Cli.Sandbox;
using Scaler.Core.State;
using Scaler.Emulators.Arm.Timing;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Bench;

/// <summary>
/// How long a job waits for its runner (queued until a runner took it) on a standby VM against a fresh VM, under the
/// Azure timing profile compressed like the other Azure benchmarks, in profile time. The baseline is the same jobs on
/// the same sandbox settings with no standby VMs, measured in the same run.
/// </summary>
internal static class StandbyBenchmark
{
    private const string Pool = "linux-x64";

    public sealed record Result(int Jobs, double Compression, Latencies Fresh, Latencies Standby, TimeSpan Preparation);

    public static async Task<Result> MeasureAsync(int jobs, double compression, CancellationToken cancellationToken)
    {
        var (fresh, _) = await WaitsAsync(jobs, compression, standby: false, cancellationToken);
        var (standby, preparation) = await WaitsAsync(jobs, compression, standby: true, cancellationToken);
        return new Result(jobs, compression, fresh, standby, preparation);
    }

    /// <summary>The jobs' waits; with standby VMs, after all of them were ready, and how long that took (profile time).</summary>
    private static async Task<(Latencies Waits, TimeSpan Preparation)> WaitsAsync(int jobs, double compression, bool standby, CancellationToken cancellationToken)
    {
        var profile = ArmTimingProfile.Azure.Compressed(compression);
        TimeSpan Real(TimeSpan profileTime) => profileTime / compression;
        await using var sandbox = await Sandbox.StartAsync(CompressedAzure.Options(compression, jobs * 2, standby ? jobs : 0), cancellationToken);
        var capacity = sandbox.Serve.Services.GetRequiredService<ICapacity>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (standby && (await capacity.ListRunnersAsync(Pool, cancellationToken)).Count(r => r.State == RunnerState.Standby) < jobs)
        {
            if (watch.Elapsed > Real(TimeSpan.FromMinutes(30)))
            {
                throw new TimeoutException($"{jobs} standby VMs were not ready after 30 profile minutes");
            }

            await Task.Delay(50, cancellationToken);
        }

        var preparation = profile.ToProfileTime(watch.Elapsed);
        var ids = Enumerable.Range(0, jobs)
            .Select(_ => sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = Real(TimeSpan.FromMinutes(1)) }).Id)
            .ToHashSet();
        await JobWaits.UntilCompletedAsync(sandbox, ids, cancellationToken);
        var waits = new Latencies();
        foreach (var job in sandbox.GitHub.GetJobs().Where(j => ids.Contains(j.Id)))
        {
            waits.Add(profile.ToProfileTime(job.StartedAt!.Value - job.CreatedAt));
        }

        return (waits, preparation);
    }

    public static void Write(Report report, Result r)
    {
        var azure = ArmTimingProfile.Azure;
        report.Line($"### Standby VMs against fresh VMs: {r.Jobs} jobs queued at once, Azure profile compressed {r.Compression:0.#}x (profile time)");
        report.Line();
        report.Line($"Profile: create {azure.Create.Typical.TotalSeconds:0} s, boot {azure.Boot.Typical.TotalSeconds:0} s; start of a deallocated VM {azure.StartDeallocated.Typical.TotalSeconds:0} s, boot of a prepared VM {azure.PreparedBoot.Typical.TotalSeconds:0} s (typical values; each drawn per VM).");
        report.Line();
        report.Table(
            ["Wait for a runner (queued to job taken)", "Fresh VM s (baseline)", "Standby VM s", "Ratio"],
            [
                ["p50", Report.F(r.Fresh.Percentile(50).TotalSeconds, "F0"), Report.F(r.Standby.Percentile(50).TotalSeconds, "F0"), Report.F(r.Standby.Percentile(50) / r.Fresh.Percentile(50), "F2")],
                ["p95", Report.F(r.Fresh.Percentile(95).TotalSeconds, "F0"), Report.F(r.Standby.Percentile(95).TotalSeconds, "F0"), Report.F(r.Standby.Percentile(95) / r.Fresh.Percentile(95), "F2")],
            ]);
        report.Line($"The {r.Jobs} standby VMs were ready {r.Preparation.TotalSeconds:0} s (profile time) after the sandbox started (create, first boot, power-off, deallocation, and the reconcile runs that see each step).");
        report.Line();
    }
}
