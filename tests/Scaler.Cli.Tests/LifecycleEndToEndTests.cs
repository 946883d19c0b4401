using Scaler.Cli.Sandbox;
using Scaler.Cli.Tests.Invariants;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Tests;

/// <summary>Reconcile and warm pools through the whole loop, in real (short) time.</summary>
public sealed class LifecycleEndToEndTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    // The boot timeout is twenty times the emulated boot, so only the VM that was made to fail is replaced
    // even when the machine is busy with other tests.
    [Fact]
    public async Task BootFailure_VmReplacedAfterBootTimeout_AndTheJobRuns()
    {
        await using var sandbox = await Sandbox.Sandbox.StartAsync(new SandboxOptions { LinuxMinIdle = 0, BootTimeout = TimeSpan.FromSeconds(10), ReconcilePeriod = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        sandbox.Arm.Faults.FailNextBoots(1);

        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux"]) { Duration = TimeSpan.FromSeconds(1) });
        var done = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "completed", Within, "the job completes");
        await Eventually.TrueAsync(() => sandbox.Arm.VirtualMachines.Count == 0, Within, "no VM is left");

        Assert.Equal("success", done.Conclusion);
        Assert.Equal(2, sandbox.Arm.Counters.VmsCreated);
        Assert.Empty(sandbox.GitHub.GetRunners());
    }

    [Fact]
    public async Task WarmPool_HoldsMinIdle_ServesABurst_NeverExceedsMaxRunners()
    {
        await using var sandbox = await Sandbox.Sandbox.StartAsync(new SandboxOptions { LinuxMinIdle = 2, LinuxMaxRunners = 3, ReconcilePeriod = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        await Eventually.TrueAsync(() => sandbox.GitHub.GetRunners().Count(r => r.Status == "online" && !r.Busy) == 2, Within, "two warm runners are online");

        var jobs = Enumerable.Range(0, 5).Select(_ => sandbox.GitHub.QueueJob(new JobRequest("contoso/web", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromSeconds(1) })).ToList();
        await Eventually.TrueAsync(() => jobs.All(j => sandbox.GitHub.GetJob(j.Id)!.Status == "completed"), Within, "all five jobs complete");
        await Eventually.TrueAsync(() => sandbox.GitHub.GetRunners().Count(r => r.Status == "online" && !r.Busy) == 2, Within, "the warm pool is topped up again");

        // Every VM creation and deletion, replayed in order: not a sample.
        var history = RecordedHistory.Of(sandbox);
        Assert.Empty(InvariantChecker.NeverAboveMaxRunners(history, new Dictionary<string, int> { ["linux-x64"] = 3 }));
        Assert.Empty(InvariantChecker.NoBusyRunnerRemoved(history));
        Assert.Equal(3, Assert.Single(InvariantChecker.MostVms(history)).Most);
        Assert.All(jobs, j => Assert.Equal("success", sandbox.GitHub.GetJob(j.Id)!.Conclusion));
        Assert.Contains(jobs, j => sandbox.GitHub.GetJob(j.Id)!.RunnerName!.Contains("-w", StringComparison.Ordinal));
    }
}
