using Microsoft.Extensions.DependencyInjection;
using Scaler.Cli.Sandbox;
using Scaler.Core.State;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Tests;

/// <summary>
/// Standby VMs through the whole loop (scaler serve, the GitHub and ARM emulators, Azurite): prepared by their first
/// boot, deallocated, started for a job with its JIT config in userData, and every fallback.
/// </summary>
public sealed class StandbyEndToEndTests
{
    private const string Pool = "linux-x64";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private static readonly string[] Labels = ["self-hosted", "linux", "x64"];

    [Fact]
    public async Task StandbyVmReady_JobRunsOnIt_UserDataIsClearedAndThePoolRefilled()
    {
        await using var sandbox = await StartAsync(standby: 1);
        var ready = Assert.Single(await ReadyAsync(sandbox, count: 1));

        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", Labels) { Duration = TimeSpan.FromSeconds(4) });
        var running = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "in_progress", Within, "the job starts");
        await Eventually.TrueAsync(() => sandbox.Arm.VirtualMachines.Single(v => v.Name == ready).UserData is null or "", Within, "the JIT config leaves userData");
        var done = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "completed", Within, "the job completes");
        await Eventually.TrueAsync(() => sandbox.Arm.VirtualMachines.All(v => v.Name != ready), Within, "its VM is deleted");
        var refilled = Assert.Single(await ReadyAsync(sandbox, count: 1, except: ready));

        Assert.Equal(ready, running.RunnerName);
        Assert.Equal("success", done.Conclusion);
        Assert.Contains(sandbox.Arm.History.PowerEvents, e => e.Kind == VmPowerEventKind.Started && e.Name == ready);
        Assert.NotEqual(ready, refilled);
    }

    [Fact]
    public async Task NoStandbyVmReadyYet_JobGetsAFreshVm()
    {
        await using var sandbox = await StartAsync(standby: 1);

        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", Labels) { Duration = TimeSpan.FromSeconds(1) });
        var running = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "in_progress", Within, "the job starts");
        await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "completed", Within, "the job completes");

        Assert.Equal($"{Pool}-{job.Id}", running.RunnerName);
        Assert.DoesNotContain(sandbox.Arm.History.PowerEvents, e => e.Kind == VmPowerEventKind.Started);
    }

    [Fact]
    public async Task StandbyVmFailsToStart_JobRunsOnAFreshVmOfTheSameName()
    {
        await using var sandbox = await StartAsync(standby: 1);
        var ready = Assert.Single(await ReadyAsync(sandbox, count: 1));
        sandbox.Arm.Faults.FailStarts(1);

        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", Labels) { Duration = TimeSpan.FromSeconds(1) });
        var done = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "completed", TimeSpan.FromSeconds(90), "the job completes");

        Assert.Equal("success", done.Conclusion);
        Assert.Equal(ready, done.RunnerName);
        Assert.Contains(sandbox.Arm.History.PowerEvents, e => e.Kind == VmPowerEventKind.StartFailed && e.Name == ready);
        Assert.Equal(2, sandbox.Arm.History.Events.Count(e => e.Kind == VmEventKind.Created && e.Name == ready));
    }

    [Fact]
    public async Task StandbyVmStartRefused_ItIsDeletedAndTheJobRunsOnAFreshVm()
    {
        await using var sandbox = await StartAsync(standby: 1);
        var ready = Assert.Single(await ReadyAsync(sandbox, count: 1));
        sandbox.Arm.Faults.Inject(ArmOperationKind.StartVirtualMachine, FaultRule.Error(409) with { Count = 1 });

        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", Labels) { Duration = TimeSpan.FromSeconds(1) });
        var done = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "completed", Within, "the job completes");
        await Eventually.TrueAsync(() => sandbox.Arm.VirtualMachines.All(v => v.Name != ready), Within, "the refused standby VM is deleted");

        Assert.Equal("success", done.Conclusion);
        Assert.Equal($"{Pool}-{job.Id}", done.RunnerName);
        Assert.DoesNotContain(sandbox.GitHub.GetRunners(), r => r.Name == ready);
    }

    [Fact]
    public async Task PreparationNeverEnds_VmIsDeletedAfterBootTimeoutAndReplaced()
    {
        await using var sandbox = await StartAsync(standby: 1);
        sandbox.Arm.Faults.FailNextBoots(1);

        var ready = Assert.Single(await ReadyAsync(sandbox, count: 1, within: TimeSpan.FromSeconds(90)));

        var first = sandbox.Arm.History.Events.First(e => e.Kind == VmEventKind.Created).Name;
        Assert.NotEqual(first, ready);
        Assert.Contains(sandbox.Arm.History.Events, e => e.Kind == VmEventKind.Deleted && e.Name == first);
    }

    [Fact]
    public async Task SpotStandbyVmEvictedWhileDeallocated_IsReplaced()
    {
        await using var sandbox = await StartAsync(standby: 1);
        var ready = Assert.Single(await ReadyAsync(sandbox, count: 1));

        await sandbox.Arm.EvictAsync(ready, CancellationToken.None);
        var replaced = Assert.Single(await ReadyAsync(sandbox, count: 1, except: ready));

        Assert.DoesNotContain(sandbox.Arm.VirtualMachines, v => v.Name == ready);
        Assert.NotEqual(ready, replaced);
    }

    private static Task<Sandbox.Sandbox> StartAsync(int standby) =>
        Sandbox.Sandbox.StartAsync(new SandboxOptions { LinuxMinIdle = 0, LinuxStandbySize = standby, ReconcilePeriod = TimeSpan.FromSeconds(1) }, CancellationToken.None);

    /// <summary>Waits until <paramref name="count"/> standby VMs are ready (deallocated, their rows Standby); returns their names.</summary>
    private static async Task<IReadOnlyList<string>> ReadyAsync(Sandbox.Sandbox sandbox, int count, TimeSpan? within = null, string? except = null)
    {
        IReadOnlyList<string> ready = [];
        await Eventually.TrueAsync(
            async () =>
            {
                ready = [.. (await ReadyNow(sandbox)).Where(name => name != except)];
                return ready.Count == count;
            },
            within ?? Within,
            $"{count} standby VMs are ready");
        return ready;
    }

    private static async Task<IReadOnlyList<string>> ReadyNow(Sandbox.Sandbox sandbox)
    {
        var capacity = sandbox.Serve.Services.GetRequiredService<ICapacity>();
        var rows = await capacity.ListRunnersAsync(Pool, CancellationToken.None);
        var deallocated = sandbox.Arm.VirtualMachines.Where(v => v.State == VmState.Deallocated).Select(v => v.Name).ToHashSet();
        return [.. rows.Where(r => r.State == RunnerState.Standby && deallocated.Contains(r.VmName)).Select(r => r.VmName)];
    }
}
