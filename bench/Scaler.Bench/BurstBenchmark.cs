using System.Diagnostics;
using Scaler.Cli.Sandbox;
using Scaler.Emulators.Arm.Recording;

namespace Scaler.Bench;

/// <summary>
/// Many jobs queued at once through the sandbox with no capacity limit: the time until every job has finished against
/// the lower bound of one create, one boot and one run, and the most runners alive at once.
/// </summary>
internal static class BurstBenchmark
{
    public sealed record Result(int Jobs, TimeSpan LowerBound, TimeSpan LastVmRequested, TimeSpan AllFinished, int MaxRunners, int FailedJobs);

    public static async Task<Result> MeasureAsync(int jobs, TimeSpan create, TimeSpan boot, TimeSpan run, CancellationToken cancellationToken)
    {
        await using var sandbox = await Sandbox.StartAsync(JobWaits.FixedTimings(jobs * 2, create, boot), cancellationToken);

        // Let the serve host settle (first reconcile, queue created) before the burst.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var startedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var ids = JobWaits.QueueAtOnce(sandbox, jobs, run);
        await JobWaits.UntilCompletedAsync(sandbox, ids, cancellationToken);

        var allFinished = watch.Elapsed;
        var finished = sandbox.GitHub.GetJobs().Where(j => ids.Contains(j.Id)).ToList();
        var events = sandbox.Arm.History.Events.Where(e => e.At >= startedAt).OrderBy(e => e.Sequence).ToList();
        var alive = 0;
        var maxAlive = 0;
        foreach (var e in events)
        {
            alive += e.Kind == VmEventKind.Created ? 1 : -1;
            maxAlive = Math.Max(maxAlive, alive);
        }

        var lastCreate = events.Where(e => e.Kind == VmEventKind.Created).Select(e => e.At).DefaultIfEmpty(startedAt).Max();
        return new Result(jobs, create + boot + run, lastCreate - startedAt, allFinished, maxAlive, finished.Count(j => j.Conclusion != "success"));
    }

    public static void Write(Report report, Result result, TimeSpan create, TimeSpan boot, TimeSpan run)
    {
        report.Line($"### Burst: {result.Jobs} jobs queued at once, no capacity limit (create {create.TotalSeconds:0.#} s, boot {boot.TotalSeconds:0.#} s, run {run.TotalSeconds:0.#} s)");
        report.Line();
        report.Table(
            ["Lower bound s (create + boot + run)", "Last VM requested s", "All jobs finished s", "Ratio", "Most runners at once", "Jobs not successful"],
            [[
                Report.F(result.LowerBound.TotalSeconds, "F1"), Report.F(result.LastVmRequested.TotalSeconds, "F1"), Report.F(result.AllFinished.TotalSeconds, "F1"),
                Report.F(result.AllFinished / result.LowerBound, "F2"), result.MaxRunners.ToString(System.Globalization.CultureInfo.InvariantCulture),
                result.FailedJobs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]]);
    }
}
