using Scaler.Cli.Sandbox;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Bench;

/// <summary>The GitHub emulator's jobs as the fixed-timing benchmarks play them: queued at once, waited for until they end.</summary>
internal static class JobWaits
{
    /// <summary>The sandbox with fixed create and boot delays and a two-minute boot timeout and lease.</summary>
    public static SandboxOptions FixedTimings(int maxRunners, TimeSpan create, TimeSpan boot) => new()
    {
        LinuxMinIdle = 0,
        LinuxMaxRunners = maxRunners,
        ProvisioningDelay = create,
        BootDelay = boot,
        BootTimeout = TimeSpan.FromMinutes(2),
        LeaseDuration = TimeSpan.FromMinutes(2),
    };

    /// <summary>Queues <paramref name="jobs"/> linux jobs of <paramref name="run"/> each at once; returns their ids.</summary>
    public static HashSet<long> QueueAtOnce(Sandbox sandbox, int jobs, TimeSpan run) =>
        Enumerable.Range(0, jobs)
            .Select(_ => sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = run }).Id)
            .ToHashSet();

    /// <summary>Polls every 50 ms until every job in <paramref name="ids"/> is completed; gives up after 10 minutes.</summary>
    public static async Task UntilCompletedAsync(Sandbox sandbox, IReadOnlySet<long> ids, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mine = sandbox.GitHub.GetJobs().Where(j => ids.Contains(j.Id)).ToList();
            if (mine.All(j => j.Status == "completed"))
            {
                return;
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{mine.Count(j => j.Status != "completed")} of {ids.Count} jobs had not finished after 10 minutes");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
