using System.Diagnostics;
using Scaler.Cli.Sandbox;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Bench;

/// <summary>
/// API cost under a steady load: jobs arrive evenly for one profile hour (Azure timings, compressed) with Scaler's
/// production periods compressed alike (one-minute reconcile, 2 s queue polling), then every call the emulators served
/// in that hour, per job and per endpoint, reconcile included. The hour's totals against GitHub's hourly quota and
/// ARM's read and write buckets.
/// </summary>
internal static class CostBenchmark
{
    /// <summary>ARM's subscription buckets refill 25 reads and 10 writes a second: 90,000 and 36,000 an hour.</summary>
    public const int ArmReadsPerHour = 90_000;

    public const int ArmWritesPerHour = 36_000;

    public sealed record Result(int JobsPerHour, double Compression, int Jobs, int Finished, int ReconcileRuns, Calls Calls);

    public static async Task<Result> MeasureAsync(int jobsPerHour, double compression, CancellationToken cancellationToken)
    {
        TimeSpan Real(TimeSpan profileTime) => profileTime / compression;
        await using var sandbox = await Sandbox.StartAsync(CompressedAzure.Options(compression, 200), cancellationToken);

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var before = Calls.Read(sandbox.GitHub.Counters, sandbox.Arm.Counters);
        var runsBefore = sandbox.ReconcileRuns;
        var hour = Real(TimeSpan.FromHours(1));
        var watch = Stopwatch.StartNew();
        var ids = new HashSet<long>();
        for (var i = 0; i < jobsPerHour; i++)
        {
            var due = hour * (i + 0.5) / jobsPerHour;
            if (due > watch.Elapsed)
            {
                await Task.Delay(due - watch.Elapsed, cancellationToken);
            }

            ids.Add(sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = Real(TimeSpan.FromMinutes(2)) }).Id);
        }

        if (hour > watch.Elapsed)
        {
            await Task.Delay(hour - watch.Elapsed, cancellationToken);
        }

        var calls = Calls.Read(sandbox.GitHub.Counters, sandbox.Arm.Counters).Since(before);
        var finished = sandbox.GitHub.GetJobs().Count(j => ids.Contains(j.Id) && j.Status == "completed");
        return new Result(jobsPerHour, compression, ids.Count, finished, sandbox.ReconcileRuns - runsBefore, calls);
    }

    public static void Write(Report report, IReadOnlyList<Result> results)
    {
        var compression = results[0].Compression;
        report.Line($"### API cost: one hour of steady load, Azure profile compressed {compression:0.#}x, reconcile every minute (profile time)");
        report.Line();
        report.Table(
            ["Jobs an hour", "Jobs finished in the hour", "Reconcile runs", "GitHub calls per job", "ARM reads per job", "ARM writes per job", "GitHub quota used", "ARM reads bucket used", "ARM writes bucket used"],
            results.Select(r => new[]
            {
                r.JobsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Finished.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.ReconcileRuns.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Report.F((double)r.Calls.GitHubTotal / r.Jobs), Report.F((double)r.Calls.ArmReads / r.Jobs), Report.F((double)r.Calls.ArmWrites / r.Jobs),
                Percent(r.Calls.GitHubTotal, CompressedAzure.GitHubPerHour), Percent(r.Calls.ArmReads, ArmReadsPerHour), Percent(r.Calls.ArmWrites, ArmWritesPerHour),
            }));
        foreach (var r in results)
        {
            report.Line($"Where the calls go at {r.JobsPerHour} jobs an hour:");
            report.Line();
            report.Table(["API", "Endpoint or operation", "Calls in the hour", "Per job"], r.Calls.Breakdown(r.Jobs));
        }
    }

    private static string Percent(long used, int quota) => Report.F(100.0 * used / quota, "F1") + " %";
}
