using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Scaler.Cli.Sandbox;
using Scaler.Cli.Tests.Invariants;
using Scaler.Core.State;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Tests.Soak;

/// <summary>What a soak measured, and what the invariant checker found in its history.</summary>
public sealed record SoakResult(int Jobs, int Queued, int Completed, int FailedVisible, int Evicted, string Faults, IReadOnlyDictionary<string, int> MaxVms, IReadOnlyList<string> Violations, TimeSpan Duration)
{
    /// <summary>The one line a soak prints.</summary>
    public string SummaryLine => string.Create(
        CultureInfo.InvariantCulture,
        $"soak: jobs={Jobs} queued={Queued} completed={Completed} failed_visible={FailedVisible} evicted={Evicted} {Faults} max_vms={string.Join(',', MaxVms.Select(p => $"{p.Key}:{p.Value}"))} violations={Violations.Count} duration={Duration.TotalSeconds:0}s");
}

/// <summary>
/// Plays <c>jobs</c> jobs through the whole loop (Azurite, both emulators, <c>scaler serve</c>) under faults from
/// start to end (<see cref="SoakFaults"/>, plus a Spot eviction, a Spot allocation failure and a VM that never boots
/// every few jobs), then stops the faults, waits for every job to end and the pools to settle, and checks every
/// invariant over the whole recorded history.
/// </summary>
public static class FaultSoak
{
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
    };

    private static readonly string[] LinuxLabels = ["self-hosted", "linux", "x64"];
    private static readonly string[] GpuLabels = ["self-hosted", "linux", "gpu"];
    private static readonly string[] Repositories = ["contoso/api", "contoso/web", "contoso/ml"];

    public static async Task<SoakResult> RunAsync(int jobs, int seed, TimeSpan interval, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var sandbox = await Scaler.Cli.Sandbox.Sandbox.StartAsync(Sandbox, cancellationToken);
        SoakFaults.Inject(sandbox);
        var evicted = await PlayAsync(sandbox, jobs, seed, interval, cancellationToken);

        SoakFaults.Clear(sandbox);
        var within = TimeSpan.FromSeconds(60 + (jobs / 4));
        await WaitUntilAsync(() => sandbox.GitHub.GetJobs().All(j => j.Status == "completed"), within, cancellationToken);

        // The load has stopped. A VM may rightly outlive its job by the longest of Scaler's timeouts (a VM that never
        // boots lives for BootTimeout); after that, two reconcile runs must leave nothing.
        var linger = Sandbox.BootTimeout + Sandbox.ProvisioningGrace;
        await WaitUntilAsync(() => sandbox.Arm.VirtualMachines.All(v => DateTimeOffset.UtcNow - v.CreatedAt > linger), within, cancellationToken);
        var runs = sandbox.ReconcileRuns;
        await WaitUntilAsync(() => sandbox.ReconcileRuns >= runs + 2, within, cancellationToken);
        var settledAt = DateTimeOffset.UtcNow;

        var history = RecordedHistory.Of(sandbox);
        var failed = await VisibleFailuresAsync(sandbox, cancellationToken);
        var maxRunners = new Dictionary<string, int> { ["linux-x64"] = Sandbox.LinuxMaxRunners, ["gpu"] = Sandbox.GpuMaxRunners };
        var violations = InvariantChecker.Check(history, new InvariantContext(maxRunners, failed, settledAt));
        var all = sandbox.GitHub.GetJobs();
        return new SoakResult(
            jobs,
            all.Count,
            all.Count(j => j.Conclusion == "success"),
            failed.Count,
            evicted,
            Faults(sandbox),
            InvariantChecker.MostVms(history).ToDictionary(m => m.Pool, m => m.Most),
            violations,
            watch.Elapsed);
    }

    /// <summary>Queues the jobs one <paramref name="interval"/> apart; returns how many Spot VMs it evicted.</summary>
    private static async Task<int> PlayAsync(Sandbox.Sandbox sandbox, int jobs, int seed, TimeSpan interval, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var evicted = 0;
        var evictions = 0;
        using var pace = new PeriodicTimer(interval);
        for (var i = 0; i < jobs; i++)
        {
            var gpu = i % 10 == 3;
            var duration = TimeSpan.FromMilliseconds(200 + random.Next(800));
            sandbox.GitHub.QueueJob(gpu
                ? new JobRequest("contoso/ml", GpuLabels) { Duration = duration }
                : new JobRequest(Repositories[random.Next(Repositories.Length)], LinuxLabels) { Duration = duration });
            if (i % 25 == 12)
            {
                sandbox.Arm.Faults.FailNextBoots(1);
            }

            if (i % 40 == 20)
            {
                sandbox.Arm.Faults.FailSpotAllocations(1);
            }

            // One eviction owed every 30 jobs, made as soon as a Spot VM is running a job.
            evictions += i % 30 == 15 ? 1 : 0;
            if (evicted < evictions && await EvictBusySpotVmAsync(sandbox, random, cancellationToken))
            {
                evicted++;
            }

            await pace.WaitForNextTickAsync(cancellationToken);
        }

        return evicted;
    }

    /// <summary>Evicts the Spot VM of a runner that is running a job, if there is one, as Azure would.</summary>
    private static async Task<bool> EvictBusySpotVmAsync(Sandbox.Sandbox sandbox, Random random, CancellationToken cancellationToken)
    {
        var busy = sandbox.GitHub.GetRunners().Where(r => r.Busy && r.Name.StartsWith("linux-x64-", StringComparison.Ordinal)).ToList();
        if (busy.Count == 0 || sandbox.Arm.FindVirtualMachine(busy[random.Next(busy.Count)].Name) is not { Priority: "Spot" } vm)
        {
            return false;
        }

        try
        {
            await sandbox.Arm.EvictAsync(vm.Name, cancellationToken);
            return true;
        }
        catch (InvalidOperationException)
        {
            // Deleted between the look and the eviction: nothing to evict.
            return false;
        }
    }

    /// <summary>How many faults the emulators applied: error and throttle answers, webhooks lost and duplicated.</summary>
    private static string Faults(Sandbox.Sandbox sandbox)
    {
        var github = sandbox.GitHub.Counters;
        var arm = sandbox.Arm.Counters;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"github_errors={github.AllCalls.Keys.Sum(github.InjectedErrors)} github_throttled={github.AllCalls.Keys.Sum(github.Throttled)} arm_errors={arm.AllCalls.Keys.Sum(arm.InjectedErrors)} arm_throttled={arm.AllCalls.Keys.Sum(arm.Throttled)} webhooks_dropped={github.WebhooksDropped} webhooks_duplicated={github.WebhooksDuplicated}");
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
