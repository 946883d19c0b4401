using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scaler.Cli.Sandbox;
using Scaler.Cli.Tests.Invariants;
using Scaler.Core.State;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Tests.Soak;

/// <summary>
/// Plays <c>jobs</c> jobs through the whole loop (Azurite, both emulators, <c>scaler serve</c> with 8 concurrent queue
/// consumers) under <see cref="SoakFaults"/> from the first job until the backlog has drained, with three one-off
/// faults mid-burst: a quota window, a storage outage and a crash and restart of the serve host. Then it stops the
/// faults, waits for the pools to settle, and checks every invariant over the whole recorded history.
/// </summary>
public static class FaultSoak
{
    /// <summary>The sandbox in compressed time: seconds where Azure takes minutes.</summary>
    public static readonly SandboxOptions Sandbox = new()
    {
        LinuxMinIdle = 0,
        LinuxMaxRunners = 10,
        GpuMaxRunners = 3,
        ReconcilePeriod = TimeSpan.FromSeconds(1),
        ProvisioningDelay = TimeSpan.FromMilliseconds(200),
        BootDelay = TimeSpan.FromMilliseconds(300),
        BootTimeout = TimeSpan.FromSeconds(8),
        ProvisioningGrace = TimeSpan.FromSeconds(5),
        IdleTimeout = TimeSpan.FromSeconds(3),

        // Reconciling every second lists each pool's runners 7,200 times an hour: GitHub's 5,000 an hour would stop
        // the whole loop (rightly: Scaler waits for the reset) part way through a 1,000-job soak.
        GitHubRequestsPerHour = 1_000_000,

        // At most 8 messages in flight at once. A crashed consumer's messages reappear after the visibility timeout.
        QueueBatchSize = 8,
        QueueVisibilityTimeout = TimeSpan.FromSeconds(10),
        CuttableStorage = true,
    };

    /// <summary>
    /// No job event and no VM event for this long while jobs are still open: the loop has stopped, and the checker says
    /// which jobs it lost. Generous: on a machine shared with other builds the whole process has been seen to stall for
    /// over a minute and a half.
    /// </summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(150);

    /// <summary>The quota stays exceeded for at least this long and until it has refused a few creations (at most a minute).</summary>
    public static readonly TimeSpan QuotaWindow = TimeSpan.FromSeconds(5);

    public const int QuotaRefusals = 3;

    /// <summary>How long storage is unreachable.</summary>

    public static readonly TimeSpan StorageOutage = TimeSpan.FromSeconds(3);

    private static readonly string[] LinuxLabels = ["self-hosted", "linux", "x64"];
    private static readonly string[] GpuLabels = ["self-hosted", "linux", "gpu"];
    private static readonly string[] Repositories = ["contoso/api", "contoso/web", "contoso/ml"];

    public static async Task<SoakResult> RunAsync(int jobs, int seed, TimeSpan interval, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var options = Environment.GetEnvironmentVariable("SCALER_SOAK_LOG") is { Length: > 0 } log
            ? new SandboxOptions
            {
                LinuxMinIdle = Sandbox.LinuxMinIdle,
                LinuxMaxRunners = Sandbox.LinuxMaxRunners,
                GpuMaxRunners = Sandbox.GpuMaxRunners,
                ReconcilePeriod = Sandbox.ReconcilePeriod,
                ProvisioningDelay = Sandbox.ProvisioningDelay,
                BootDelay = Sandbox.BootDelay,
                BootTimeout = Sandbox.BootTimeout,
                ProvisioningGrace = Sandbox.ProvisioningGrace,
                IdleTimeout = Sandbox.IdleTimeout,
                GitHubRequestsPerHour = Sandbox.GitHubRequestsPerHour,
                QueueBatchSize = Sandbox.QueueBatchSize,
                QueueVisibilityTimeout = Sandbox.QueueVisibilityTimeout,
                CuttableStorage = Sandbox.CuttableStorage,
                Logging = l => l.AddProvider(new SoakLogFile(log)).SetMinimumLevel(LogLevel.Warning),
            }
            : Sandbox;
        await using var sandbox = await Scaler.Cli.Sandbox.Sandbox.StartAsync(options, cancellationToken);
        var faults = new SoakFaults(sandbox, seed);
        faults.Inject();
        await PlayAsync(sandbox, faults, jobs, seed, interval, cancellationToken);

        // The faults stay on while the backlog drains; the bound only stops a run that keeps moving without finishing.
        var bound = TimeSpan.FromMinutes(5) + (jobs * TimeSpan.FromSeconds(1));
        await WaitForJobsAsync(sandbox, faults, bound, cancellationToken);
        faults.Clear();
        await WaitForJobsAsync(sandbox, null, Quiet, cancellationToken);

        // The load has stopped. A VM may rightly outlive its job by the longest of Scaler's timeouts (a VM that never
        // boots lives for BootTimeout); after that, two reconcile runs must leave nothing.
        var linger = Sandbox.BootTimeout + Sandbox.ProvisioningGrace;
        await WaitUntilAsync(() => sandbox.Arm.VirtualMachines.All(v => DateTimeOffset.UtcNow - v.CreatedAt > linger), Quiet, cancellationToken);
        var runs = sandbox.ReconcileRuns;
        await WaitUntilAsync(() => sandbox.ReconcileRuns >= runs + 2, Quiet, cancellationToken);
        var settledAt = DateTimeOffset.UtcNow;

        var history = RecordedHistory.Of(sandbox);
        var failed = await VisibleFailuresAsync(sandbox, cancellationToken);
        var maxRunners = new Dictionary<string, int> { ["linux-x64"] = Sandbox.LinuxMaxRunners, ["gpu"] = Sandbox.GpuMaxRunners };
        var context = new InvariantContext(maxRunners, failed, settledAt);
        var all = sandbox.GitHub.GetJobs();
        return new SoakResult(
            Jobs: all.Count,
            RanOnce: InvariantChecker.RanOnceOnScaler(history, maxRunners.Keys).Count,
            VisibleFailures: failed.Count,
            Lost: InvariantChecker.EveryQueuedJobAccountedFor(history, context),
            BusyKills: InvariantChecker.NoBusyRunnerRemoved(history),
            MaxBreaches: InvariantChecker.NeverAboveMaxRunners(history, maxRunners),
            Leftovers: InvariantChecker.NothingLeft(history, settledAt),
            Faults: faults.Applied(),
            Played: jobs,
            Reruns: all.Count - jobs,
            Unfinished: all.Count(j => j.Status != "completed"),
            EvictionsDrawn: faults.EvictionsDrawn,
            MaxVms: InvariantChecker.MostVms(history).ToDictionary(m => m.Pool, m => m.Most),
            Duration: watch.Elapsed);
    }

    /// <summary>
    /// Queues the jobs one <paramref name="interval"/> apart, nine in ten on <c>linux-x64</c>, with their per-job
    /// faults; a fifth of the way in the quota runs out for a while, two fifths in storage goes away for a few seconds,
    /// three fifths in the serve host crashes and a new one starts.
    /// </summary>
    private static async Task PlayAsync(Sandbox.Sandbox sandbox, SoakFaults faults, int jobs, int seed, TimeSpan interval, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var oneOffs = new List<Task>();
        using var pace = new PeriodicTimer(interval);
        for (var i = 0; i < jobs; i++)
        {
            var gpu = i % 10 == 3;
            var duration = TimeSpan.FromMilliseconds(200 + random.Next(800));
            sandbox.GitHub.QueueJob(gpu
                ? new JobRequest("contoso/ml", GpuLabels) { Duration = duration }
                : new JobRequest(Repositories[random.Next(Repositories.Length)], LinuxLabels) { Duration = duration });
            faults.OnJobQueued(spotPool: !gpu);
            if (i == jobs / 5)
            {
                oneOffs.Add(ExceedQuotaAsync(sandbox, cancellationToken));
            }

            if (i == jobs * 2 / 5)
            {
                faults.StorageOutages++;
                oneOffs.Add(CutStorageAsync(sandbox, cancellationToken));
            }

            if (i == jobs * 3 / 5)
            {
                faults.ServeRestarts++;
                await sandbox.RestartServeAsync(cancellationToken);
            }

            await faults.TryEvictAsync(cancellationToken);
            await pace.WaitForNextTickAsync(cancellationToken);
        }

        await Task.WhenAll(oneOffs);
    }

    private static async Task ExceedQuotaAsync(Sandbox.Sandbox sandbox, CancellationToken cancellationToken)
    {
        foreach (var size in SoakFaults.QuotaSizes)
        {
            sandbox.Arm.Faults.ExceedQuota(size);
        }

        // Provisioning lags the jobs on a loaded machine: a window of fixed length could open and close between creations.
        var until = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        await Task.Delay(QuotaWindow, cancellationToken);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (sandbox.Arm.Faults.QuotaRefusals < QuotaRefusals && DateTimeOffset.UtcNow < until)
        {
            await poll.WaitForNextTickAsync(cancellationToken);
        }

        foreach (var size in SoakFaults.QuotaSizes)
        {
            sandbox.Arm.Faults.RestoreQuota(size);
        }
    }

    private static async Task CutStorageAsync(Sandbox.Sandbox sandbox, CancellationToken cancellationToken)
    {
        var storage = sandbox.StorageProxy ?? throw new InvalidOperationException("The soak's sandbox routes storage through a proxy.");
        storage.Cut();
        await Task.Delay(StorageOutage, cancellationToken);
        storage.Restore();
    }

    /// <summary>
    /// Waits until every job GitHub queued has ended (completed, or Failed where an operator sees it), or nothing
    /// happened (no job or VM event) for <see cref="Quiet"/>,
    /// or <paramref name="bound"/> passed: a slow machine is waited for, a stopped loop is not. Pays owed evictions meanwhile.
    /// </summary>
    private static async Task WaitForJobsAsync(Sandbox.Sandbox sandbox, SoakFaults? faults, TimeSpan bound, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + bound;
        var (events, movedAt) = (-1, DateTimeOffset.UtcNow);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (DateTimeOffset.UtcNow < deadline && await AnyJobNotEndedAsync(sandbox, cancellationToken))
        {
            var now = sandbox.GitHub.History.Events.Count + sandbox.Arm.History.Events.Count;
            if (now != events)
            {
                (events, movedAt) = (now, DateTimeOffset.UtcNow);
            }
            else if (DateTimeOffset.UtcNow - movedAt > Quiet)
            {
                return;
            }

            if (faults is not null)
            {
                await faults.TryEvictAsync(cancellationToken);
            }

            await poll.WaitForNextTickAsync(cancellationToken);
        }
    }

    /// <summary>A job has ended when GitHub completed it or Scaler marked it Failed (it then stays queued at GitHub, visibly).</summary>
    private static async Task<bool> AnyJobNotEndedAsync(Sandbox.Sandbox sandbox, CancellationToken cancellationToken)
    {
        var open = sandbox.GitHub.GetJobs().Where(j => j.Status != "completed").Select(j => j.Id).ToList();
        return open.Count > 0 && open.Except(await VisibleFailuresAsync(sandbox, cancellationToken)).Any();
    }

    private static async Task<HashSet<long>> VisibleFailuresAsync(Sandbox.Sandbox sandbox, CancellationToken cancellationToken)
    {
        var store = sandbox.Serve.Services.GetRequiredService<IJobStore>();
        var failed = new HashSet<long>();
        foreach (var pool in new[] { "linux-x64", "gpu" })
        {
            failed.UnionWith((await store.ListAsync(pool, JobState.Failed, cancellationToken)).Select(j => j.JobId));
        }

        return failed;
    }

    /// <summary>Polls <paramref name="done"/> until it holds or <paramref name="within"/> passes; the checker reports what did not happen.</summary>
    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!done() && DateTimeOffset.UtcNow < deadline)
        {
            await poll.WaitForNextTickAsync(cancellationToken);
        }
    }
}
