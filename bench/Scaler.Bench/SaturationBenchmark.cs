using System.Diagnostics;
using Scaler.Cli.Sandbox;

namespace Scaler.Bench;

/// <summary>
/// A pool at its limit: more jobs than <c>MaxRunners</c> queued at once through the sandbox. The time until every job
/// has finished, against back-to-back waves of create, boot and run (the pool's slots never idle), and where the calls
/// to GitHub and ARM go while jobs wait for a slot.
/// </summary>
internal static class SaturationBenchmark
{
    public sealed record Result(int Jobs, int MaxRunners, TimeSpan LowerBound, TimeSpan AllFinished, int NotSuccessful, Calls Calls, int ReconcileRuns);

    public static async Task<Result> MeasureAsync(int jobs, int maxRunners, TimeSpan create, TimeSpan boot, TimeSpan run, CancellationToken cancellationToken)
    {
        await using var sandbox = await Sandbox.StartAsync(JobWaits.FixedTimings(maxRunners, create, boot), cancellationToken);

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var before = Calls.Read(sandbox.GitHub.Counters, sandbox.Arm.Counters);
        var runsBefore = sandbox.ReconcileRuns;
        var watch = Stopwatch.StartNew();
        var ids = JobWaits.QueueAtOnce(sandbox, jobs, run);
        await JobWaits.UntilCompletedAsync(sandbox, ids, cancellationToken);

        var allFinished = watch.Elapsed;
        var calls = Calls.Read(sandbox.GitHub.Counters, sandbox.Arm.Counters).Since(before);
        var notSuccessful = sandbox.GitHub.GetJobs().Count(j => ids.Contains(j.Id) && j.Conclusion != "success");
        var waves = (jobs + maxRunners - 1) / maxRunners;
        return new Result(jobs, maxRunners, (create + boot + run) * waves, allFinished, notSuccessful, calls, sandbox.ReconcileRuns - runsBefore);
    }

    public static void Write(Report report, Result r, TimeSpan create, TimeSpan boot, TimeSpan run)
    {
        report.Line($"### Saturation: {r.Jobs} jobs queued at once, MaxRunners {r.MaxRunners} (create {create.TotalSeconds:0.#} s, boot {boot.TotalSeconds:0.#} s, run {run.TotalSeconds:0.#} s)");
        report.Line();
        report.Table(
            ["Lower bound s (back-to-back waves)", "All jobs finished s", "Ratio", "GitHub calls per job", "ARM reads per job", "ARM writes per job", "Reconcile runs", "Jobs not successful"],
            [[
                Report.F(r.LowerBound.TotalSeconds, "F1"), Report.F(r.AllFinished.TotalSeconds, "F1"), Report.F(r.AllFinished / r.LowerBound, "F2"),
                Report.F((double)r.Calls.GitHubTotal / r.Jobs), Report.F((double)r.Calls.ArmReads / r.Jobs), Report.F((double)r.Calls.ArmWrites / r.Jobs),
                r.ReconcileRuns.ToString(System.Globalization.CultureInfo.InvariantCulture), r.NotSuccessful.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]]);
        report.Table(["API", "Endpoint or operation", "Calls", "Per job"], r.Calls.Breakdown(r.Jobs));
    }
}
