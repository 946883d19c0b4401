using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Scaler.Core.Convergence;
using Scaler.Core.Failures;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;
using static Scaler.Core.Convergence.ReconcileActionKind;

namespace Scaler.Core.Tests.Convergence;

/// <summary>One <see cref="ReconcileAction"/> at a time carried out against the fakes, as the planner would hand it over.</summary>
public sealed class ReconcileExecutorTests : IDisposable
{
    private readonly ProcessorHarness harness = new();

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task ApplyAsync_RequeueJob_RequeuesTheJobTheVmWasMadeFor()
    {
        await harness.ProvisionAsync(7);

        Assert.True(await ApplyAsync(new(DeleteVm, "linux-x64-7", null, "test", RequeueJob: true)));

        var requeued = Assert.Single(harness.Queue.Messages);
        Assert.Equal((7L, Scaler.Core.Jobs.JobAction.Queued), (requeued.JobId, requeued.Action));
    }

    [Fact]
    public async Task ApplyAsync_NoRequeueJob_RequeuesNothing()
    {
        await harness.ProvisionAsync(7);

        Assert.True(await ApplyAsync(new(DeleteVm, "linux-x64-7", null, "older than MaxLifetime")));

        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task ApplyAsync_DeleteVm_DeletesTheVmAndReleasesItsCapacity()
    {
        await harness.ProvisionAsync(7);
        using var active = new MetricCollector<long>(harness.Meters, "Scaler", "scaler.runners.active");

        Assert.True(await ApplyAsync(new(DeleteVm, "linux-x64-7", null, "test")));

        Assert.False(harness.Vms.Exists("linux-x64-7"));
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.Equal([-1L], active.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task ApplyAsync_DeleteVmWhoseRowIsAlreadyReleased_RecordsNoReleasedRunner()
    {
        await harness.ProvisionAsync(7);
        await harness.Capacity.ReleaseAsync("linux-x64", "linux-x64-7", CancellationToken.None);
        using var active = new MetricCollector<long>(harness.Meters, "Scaler", "scaler.runners.active");

        Assert.True(await ApplyAsync(new(DeleteVm, "linux-x64-7", null, "test")));

        Assert.False(harness.Vms.Exists("linux-x64-7"));
        Assert.Empty(active.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task ApplyAsync_KeepVm_ReleasesItsCapacityAndRecordsTheReleasedRunnerOnce()
    {
        await harness.ProvisionAsync(7);
        using var active = new MetricCollector<long>(harness.Meters, "Scaler", "scaler.runners.active");

        Assert.True(await ApplyAsync(new(KeepVm, "linux-x64-7", null, "test")));

        Assert.True(harness.Vms.IsDeallocated("linux-x64-7"));
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.Equal([-1L], active.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task ApplyAsync_KeepVmWithoutCapacityRow_RecordsNoReleasedRunner()
    {
        await harness.ProvisionAsync(7);
        await harness.Capacity.ReleaseAsync("linux-x64", "linux-x64-7", CancellationToken.None);
        using var active = new MetricCollector<long>(harness.Meters, "Scaler", "scaler.runners.active");

        Assert.True(await ApplyAsync(new(KeepVm, "linux-x64-7", null, "test")));

        Assert.Empty(active.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task ApplyAsync_DeleteRegistrationOfAnIdleRunner_DeletesItAndLogsTheAction()
    {
        await harness.ProvisionAsync(7);
        var runnerId = harness.RunnerIdOf("linux-x64-7")!.Value;

        Assert.True(await ApplyAsync(new(DeleteRegistration, "linux-x64-7", runnerId, "registration without a VM")));

        Assert.Empty(harness.GitHub.All);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "ReconcileAction");
    }

    [Fact]
    public async Task ApplyAsync_DeleteRegistrationOfARunnerThatTookAJob_IsRefusedAndNotLoggedAsDone()
    {
        await harness.ProvisionAsync(7);
        var runnerId = harness.RunnerIdOf("linux-x64-7")!.Value;
        harness.GitHub.SetBusy("linux-x64-7", busy: true);

        Assert.False(await ApplyAsync(new(DeleteRegistration, "linux-x64-7", runnerId, "registration without a VM")));

        Assert.Single(harness.GitHub.All);
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Name == "ReconcileAction");
    }

    [Fact]
    public async Task ApplyAsync_RemoveIdleRunnerThatTookAJob_KeepsTheVm()
    {
        await harness.ProvisionAsync(7);
        var runnerId = harness.RunnerIdOf("linux-x64-7")!.Value;
        harness.GitHub.SetBusy("linux-x64-7", busy: true);

        Assert.False(await ApplyAsync(new(RemoveIdleRunner, "linux-x64-7", runnerId, "test", RequeueJob: true)));

        Assert.True(harness.Vms.Exists("linux-x64-7"));
        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task ApplyAsync_AdoptVmThatHasARowAlready_IsRefused()
    {
        await harness.ProvisionAsync(7);

        Assert.False(await ApplyAsync(new(AdoptVm, "linux-x64-7", null, "test", JobId: 7)));

        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Name == "ReconcileAction");
    }

    [Fact]
    public async Task ApplyAsync_ReleaseCapacity_ReleasesTheUnchangedRowOfNoVm()
    {
        var read = await ClaimWithoutVmAsync("linux-x64-7");

        Assert.True(await ApplyAsync(new(ReleaseCapacity, "linux-x64-7", null, "capacity held without VM or registration", Row: read)));

        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_ReleaseCapacityWhoseVmAzureAcceptedSinceTheSnapshot_KeepsTheRow()
    {
        await harness.ProvisionAsync(7);
        var read = await RowAsync("linux-x64-7");

        Assert.False(await ApplyAsync(new(ReleaseCapacity, "linux-x64-7", null, "capacity held without VM or registration", Row: read)));

        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        AssertRowKeptLogged("Azure has a VM of that name now");
    }

    [Fact]
    public async Task ApplyAsync_ReleaseCapacityWhoseRowChangedSinceTheSnapshot_KeepsTheRow()
    {
        var read = await ClaimWithoutVmAsync("linux-x64-7");
        await harness.Capacity.TryUpdateRunnerAsync(read with { State = RunnerState.Created }, CancellationToken.None);

        Assert.False(await ApplyAsync(new(ReleaseCapacity, "linux-x64-7", null, "capacity held without VM or registration", Row: read)));

        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        AssertRowKeptLogged("the row changed since it was read");
    }

    [Fact]
    public async Task ApplyAsync_DeleteVmWhoseCreateIsRetriedBetweenTheDeleteAndTheRelease_KeepsTheRowOfTheNewVm()
    {
        await harness.ProvisionAsync(7);
        var request = Assert.Single(harness.Vms.Requests);
        var read = await RowAsync("linux-x64-7");
        harness.Vms.AfterDelete = name =>
        {
            var recorded = harness.Capacity.TryUpdateRunnerAsync(read with { CreateStartedAt = harness.Clock.GetUtcNow().AddSeconds(1), CreateSpot = false }, CancellationToken.None).GetAwaiter().GetResult();
            Assert.True(recorded);
            harness.Vms.StartCreateAsync(request, new(0, Spot: false), CancellationToken.None).GetAwaiter().GetResult();
        };

        Assert.True(await ApplyAsync(new(DeleteVm, "linux-x64-7", null, "no runner registered within BootTimeout", Row: read)));

        Assert.True(harness.Vms.Exists("linux-x64-7"));
        Assert.NotNull(await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-7", CancellationToken.None));
        AssertRowKeptLogged("a create was started under it since it was read");
    }

    [Fact]
    public async Task ApplyAsync_DeleteVmWhoseRowChangedButNoCreateStarted_ReleasesIt()
    {
        await harness.ProvisionAsync(7);
        var read = await RowAsync("linux-x64-7");
        await harness.Capacity.TryUpdateRunnerAsync(read with { State = RunnerState.Created, RunnerId = 99 }, CancellationToken.None);
        using var active = new MetricCollector<long>(harness.Meters, "Scaler", "scaler.runners.active");

        Assert.True(await ApplyAsync(new(DeleteVm, "linux-x64-7", null, "no runner registered within BootTimeout", Row: read)));

        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.Equal([-1L], active.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task ApplyAsync_DeleteVmWithoutTheRow_ReleasesTheRowAsItIs()
    {
        await harness.ProvisionAsync(7);
        var read = await RowAsync("linux-x64-7");
        await harness.Capacity.TryUpdateRunnerAsync(read with { CreateStartedAt = harness.Clock.GetUtcNow().AddSeconds(1) }, CancellationToken.None);

        Assert.True(await ApplyAsync(new(DeleteVm, "linux-x64-7", null, "older than MaxLifetime")));

        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_KeepVmWhoseCreateStartedAgain_KeepsTheVmAndTheRow()
    {
        await harness.ProvisionAsync(7);
        var read = await RowAsync("linux-x64-7");
        await harness.Capacity.TryUpdateRunnerAsync(read with { CreateStartedAt = harness.Clock.GetUtcNow().AddSeconds(1) }, CancellationToken.None);

        Assert.True(await ApplyAsync(new(KeepVm, "linux-x64-7", null, "test", Row: read)));

        Assert.True(harness.Vms.IsDeallocated("linux-x64-7"));
        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_ReleaseKeptCapacity_ReleasesTheUnchangedRowAndLeavesTheVm()
    {
        await harness.ProvisionAsync(7);

        Assert.True(await ApplyAsync(new(ReleaseKeptCapacity, "linux-x64-7", null, "capacity held by a VM kept for investigation", Row: await RowAsync("linux-x64-7"))));

        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.True(harness.Vms.Exists("linux-x64-7"));
    }

    [Fact]
    public async Task ApplyAsync_ReleaseKeptCapacityWhoseRowChanged_KeepsTheRow()
    {
        await harness.ProvisionAsync(7);
        var read = await RowAsync("linux-x64-7");
        await harness.Capacity.TryUpdateRunnerAsync(read with { OnlineSince = harness.Clock.GetUtcNow() }, CancellationToken.None);

        Assert.False(await ApplyAsync(new(ReleaseKeptCapacity, "linux-x64-7", null, "capacity held by a VM kept for investigation", Row: read)));

        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_CreateWarmRunnerInAFullPool_IsRefusedAndCreatesNoVm()
    {
        for (var job = 1; job <= harness.Pools[0].MaxRunners; job++)
        {
            await harness.ProvisionAsync(job);
        }

        var created = harness.Vms.Created + harness.Vms.Started.Count;

        Assert.False(await ApplyAsync(new(CreateWarmRunner, "linux-x64-w1", null, "test")));

        Assert.Equal(created, harness.Vms.Created + harness.Vms.Started.Count);
        Assert.False(harness.Vms.Exists("linux-x64-w1"));
    }

    [Fact]
    public async Task ApplyAsync_CreateWarmRunnerThatFails_ReleasesTheCapacityItClaimed()
    {
        harness.GitHub.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Transient, "GitHub is down"));

        Assert.False(await ApplyAsync(new(CreateWarmRunner, "linux-x64-w1", null, "test")));

        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_CreateStandbyVmInAFullPool_IsRefusedAndCreatesNoVm()
    {
        for (var job = 1; job <= harness.Pools[0].MaxRunners; job++)
        {
            await harness.ProvisionAsync(job);
        }

        var created = harness.Vms.Created + harness.Vms.Started.Count;

        Assert.False(await ApplyAsync(new(CreateStandbyVm, "linux-x64-s1", null, "test")));

        Assert.Equal(created, harness.Vms.Created + harness.Vms.Started.Count);
        Assert.False(harness.Vms.Exists("linux-x64-s1"));
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Name == "ReconcileAction");
    }

    [Fact]
    public async Task ApplyAsync_CreateStandbyVmThatFails_ReleasesTheCapacityItClaimed()
    {
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.Transient, "ARM is down"));

        Assert.False(await ApplyAsync(new(CreateStandbyVm, "linux-x64-s1", null, "test")));

        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.Empty(await harness.Capacity.ListRunnersAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_ActionThatFails_IsLoggedAsFailedAndReportsFalse()
    {
        await harness.ProvisionAsync(7);
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.Transient, "ARM is down"));

        Assert.False(await ApplyAsync(new(DeleteVm, "linux-x64-7", null, "test")));

        Assert.True(harness.Vms.Exists("linux-x64-7"));
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "ReconcileActionFailed");
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Name == "ReconcileAction");
    }

    /// <summary>A row claimed for a VM Azure does not have.</summary>
    private async Task<RunnerRecord> ClaimWithoutVmAsync(string name)
    {
        await harness.Capacity.ClaimAsync("linux-x64", name, 7, 10, CancellationToken.None);
        return await RowAsync(name);
    }

    /// <summary>One <c>CapacityRowKept</c> for linux-x64-7, with the reason given.</summary>
    private void AssertRowKeptLogged(string reason)
    {
        var kept = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "CapacityRowKept");
        Assert.Equal($"Reconcile pool linux-x64: kept the capacity row of linux-x64-7: {reason}", kept.Message);
    }

    private async Task<RunnerRecord> RowAsync(string name) => (await harness.Capacity.GetRunnerAsync("linux-x64", name, CancellationToken.None))!;

    private Task<bool> ApplyAsync(ReconcileAction action) => harness.Executor.ApplyAsync(harness.Pools[0], action, CancellationToken.None);
}
