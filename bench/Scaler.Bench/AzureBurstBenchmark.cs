using System.Diagnostics;
using Scaler.Cli.Sandbox;
using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.Arm.Timing;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Bench;

/// <summary>
/// A burst at scale under Azure's timings and the platforms' limits, in compressed time: jobs queued within 10 s
/// (profile time) with GitHub's secondary limits (900 points a minute per endpoint, so 180 JIT configs a minute; 100
/// concurrent requests) and Azure's write limits (ARM's 200 + 10/s, Compute's PutVM buckets) on. Reports, in profile
/// time, when every VM was requested and every job ran, against the lower bound those limits allow.
/// </summary>
internal static class AzureBurstBenchmark
{
    private const int JitPerMinute = 180;
    private const int ArmWriteBurst = 200;

    public sealed record Result(
        int Jobs, double Compression, TimeSpan RequestBound, TimeSpan RunBound, TimeSpan LastVmRequested, TimeSpan LastJobStarted,
        int NotSuccessful, long GitHubThrottled, long ArmThrottled, int VmsCreated);

    public static async Task<Result> MeasureAsync(int jobs, double compression, CancellationToken cancellationToken)
    {
        var profile = ArmTimingProfile.Azure.Compressed(compression);
        TimeSpan Real(TimeSpan profileTime) => profileTime / compression;
        await using var sandbox = await Sandbox.StartAsync(CompressedAzure.Options(compression, jobs * 2), cancellationToken);

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var startedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var ids = new HashSet<long>();
        var spread = Real(TimeSpan.FromSeconds(10));
        for (var i = 0; i < jobs; i++)
        {
            var due = spread * i / jobs;
            if (due > watch.Elapsed)
            {
                await Task.Delay(due - watch.Elapsed, cancellationToken);
            }

            ids.Add(sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = Real(TimeSpan.FromMinutes(2)) }).Id);
        }

        var deadline = Real(TimeSpan.FromHours(2));
        while (true)
        {
            var mine = sandbox.GitHub.GetJobs().Where(j => ids.Contains(j.Id)).ToList();
            if (mine.All(j => j.StartedAt is not null || j.Status == "completed"))
            {
                break;
            }

            if (watch.Elapsed > deadline)
            {
                throw new TimeoutException($"{mine.Count(j => j.StartedAt is null)} of {jobs} jobs had not started after two profile hours");
            }

            await Task.Delay(50, cancellationToken);
        }

        var started = sandbox.GitHub.GetJobs().Where(j => ids.Contains(j.Id)).ToList();
        var lastStart = started.Max(j => j.StartedAt ?? j.CompletedAt ?? startedAt);
        var created = sandbox.Arm.History.Events.Where(e => e.At >= startedAt && e.Kind == VmEventKind.Created).ToList();
        var lastCreate = created.Select(e => e.At).DefaultIfEmpty(startedAt).Max();
        var gitHubThrottled = sandbox.GitHub.Counters.AllCalls.Keys.Sum(sandbox.GitHub.Counters.Throttled);
        var armThrottled = sandbox.Arm.Counters.AllCalls.Keys.Sum(sandbox.Arm.Counters.Throttled);

        // The limits' floor: the last job arrives at 10 s; JIT configs come in fixed one-minute windows of 180; PUTs
        // after ARM's burst at 10 a second. The last job runs a typical create and boot after its VM is requested.
        var jitBound = TimeSpan.FromMinutes((jobs - 1) / JitPerMinute);
        var writeBound = TimeSpan.FromSeconds(Math.Max(0, jobs - ArmWriteBurst) / CompressedAzure.ArmWritesPerSecond);
        var requestBound = new[] { TimeSpan.FromSeconds(10), jitBound, writeBound }.Max();
        var runBound = requestBound + ArmTimingProfile.Azure.Create.Typical + ArmTimingProfile.Azure.Boot.Typical;
        return new Result(
            jobs, compression, requestBound, runBound, profile.ToProfileTime(lastCreate - startedAt), profile.ToProfileTime(lastStart - startedAt),
            started.Count(j => j.Conclusion is { } c && c != "success"), gitHubThrottled, armThrottled, created.Count);
    }

    public static void Write(Report report, Result r)
    {
        report.Line($"### Burst at scale: {r.Jobs} jobs queued within 10 s, Azure profile compressed {r.Compression:0.#}x, GitHub and Azure limits on (profile time)");
        report.Line();
        report.Table(
            ["Measure", "Lower bound s", "Measured s", "Ratio"],
            [
                ["Every VM requested (last PUT)", Report.F(r.RequestBound.TotalSeconds, "F0"), Report.F(r.LastVmRequested.TotalSeconds, "F0"), Report.F(r.LastVmRequested / r.RequestBound, "F2")],
                ["Every job running", Report.F(r.RunBound.TotalSeconds, "F0"), Report.F(r.LastJobStarted.TotalSeconds, "F0"), Report.F(r.LastJobStarted / r.RunBound, "F2")],
            ]);
        report.Line($"VMs created: {r.VmsCreated}; GitHub answers throttled (403/429): {r.GitHubThrottled}; ARM answers throttled (429): {r.ArmThrottled}; jobs that did not succeed: {r.NotSuccessful}.");
        report.Line();
    }
}
