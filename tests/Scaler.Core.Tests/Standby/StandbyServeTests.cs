using Scaler.Core.Convergence;
using Scaler.Core.Failures;
using Scaler.Core.Jobs;
using Scaler.Core.Runners;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;
using static Scaler.Core.Tests.Standby.StandbyHarness;

namespace Scaler.Core.Tests.Standby;

/// <summary>A queued job of a pool with standby VMs: started on a prepared VM, or on a fresh one when none can serve.</summary>
public class StandbyServeTests
{
    [Fact]
    public async Task Prepare_StandbyPool_CreatesSizeVmsWithoutRunnersThatBecomeReadyOnceDeallocated()
    {
        using var harness = Create(size: 2);

        var prepared = await PrepareAsync(harness);

        Assert.Equal(2, prepared.Count);
        Assert.All(prepared, name => Assert.StartsWith("linux-x64-s", name, StringComparison.Ordinal));
        Assert.Empty(harness.GitHub.All);
        foreach (var name in prepared)
        {
            Assert.True(harness.Vms.IsDeallocated(name));
            var record = await RecordAsync(harness, name);
            Assert.Equal(RunnerState.Standby, record?.State);
            Assert.Equal(harness.Clock.GetUtcNow(), record?.PreparedAt);
            Assert.Equal("2.330.0", record?.RunnerVersion);
            var request = harness.Vms.Requests.Single(r => r.Name == name);
            Assert.Equal("true", request.Tags[RunnerTags.Standby]);
            Assert.Equal("0", request.Tags[RunnerTags.JobId]);
            Assert.Contains("standby", request.CustomData, StringComparison.Ordinal);
        }

        Assert.Equal(2, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task Shelve_VmStillRunningItsFirstBoot_IsNeitherDeallocatedNorReady()
    {
        using var harness = Create(size: 1);
        var created = (await harness.Reconciler.ReconcileAsync(CancellationToken.None)).Single(a => a.Kind == ReconcileActionKind.CreateStandbyVm).Name;

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.False(harness.Vms.IsDeallocated(created));
        Assert.Equal(RunnerState.Preparing, (await RecordAsync(harness, created))?.State);
    }

    [Fact]
    public async Task Queued_StandbyVmReady_StartsItWithTheJitConfigInUserDataAndTheJobsTags()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));

        var result = await harness.ProcessAsync(harness.Queued(77));

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.Equal([vm], harness.Vms.PoweredOn);
        var runner = Assert.Single(harness.GitHub.All);
        Assert.Equal(vm, runner.Name);
        Assert.Equal(harness.GitHub.IssuedJitConfigs.Single(), harness.Vms.UserData(vm));
        var tags = (await harness.Vms.ListAsync(harness.Pools[0].ScaleSetId, CancellationToken.None)).Single(v => v.Name == vm).Tags;
        Assert.Equal("77", tags[RunnerTags.JobId]);
        Assert.False(tags.ContainsKey(RunnerTags.Standby));
        var record = await RecordAsync(harness, vm);
        Assert.Equal(RunnerState.Provisioning, record?.State);
        Assert.Equal(77, record?.ForJobId);
        Assert.Equal(runner.Id, record?.RunnerId);
        Assert.True(record?.UserDataSet);
        var job = await harness.Jobs.GetAsync(Pool, 77, CancellationToken.None);
        Assert.Equal(JobState.Provisioned, job?.State);
        Assert.Equal(vm, job?.VmName);
        Assert.Equal(1, harness.Vms.Created);
        Assert.Equal(1, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task Queued_StandbyVmStarted_WatchMarksItCreated()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));
        await harness.ProcessAsync(harness.Queued(77));

        var watched = await harness.WatchCreatesAsync();

        Assert.Equal(JobOutcome.Provisioned, Assert.Single(watched).Outcome);
        Assert.Equal(RunnerState.Created, (await RecordAsync(harness, vm))?.State);
    }

    [Fact]
    public async Task Queued_NoStandbyVmReady_CreatesAFreshVm()
    {
        using var harness = Create(size: 1);
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        var result = await harness.ProcessAsync(harness.Queued(5));

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-5"));
        Assert.Empty(harness.Vms.PoweredOn);
        Assert.Equal("linux-x64-5", Assert.Single(harness.GitHub.All).Name);
    }

    [Fact]
    public async Task Queued_StandbyVmOfAnOlderRelease_IsNotStartedAndTheJobGetsAFreshVm()
    {
        using var harness = Create(size: 1);
        await PrepareAsync(harness);
        harness.Releases.Current = harness.Releases.Current with { Version = "2.331.0" };

        await harness.ProcessAsync(harness.Queued(5));

        Assert.Empty(harness.Vms.PoweredOn);
        Assert.True(harness.Vms.Exists("linux-x64-5"));
    }

    [Fact]
    public async Task Queued_TwoJobsOneStandbyVm_OneStartsItTheOtherGetsAFreshVm()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));

        await Task.WhenAll(harness.ProcessAsync(harness.Queued(1)), harness.ProcessAsync(harness.Queued(2)));

        Assert.Equal([vm], harness.Vms.PoweredOn);
        var served = (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.VmName == vm ? 2 : 1;
        Assert.True(harness.Vms.Exists($"linux-x64-{served}"));
        Assert.Equal(2, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task Queued_StartRefused_DeletesTheStandbyVmAndItsRunnerAndCreatesAFreshVm()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.CapacityUnavailable, "AllocationFailed"));

        var result = await harness.ProcessAsync(harness.Queued(9));

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.False(harness.Vms.Exists(vm));
        Assert.Null(await RecordAsync(harness, vm));
        Assert.True(harness.Vms.Exists("linux-x64-9"));
        Assert.Equal("linux-x64-9", Assert.Single(harness.GitHub.All).Name);
        Assert.Equal("linux-x64-9", (await harness.Jobs.GetAsync(Pool, 9, CancellationToken.None))?.VmName);
        Assert.Equal(1, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
        Assert.Contains(harness.Logs.GetSnapshot(), l => l.Id.Name == "StandbyVmStartFailed");
    }

    [Fact]
    public async Task Queued_StandbyVmReady_ResultNamesTheStartedVm()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));

        var result = await harness.ProcessAsync(harness.Queued(5));

        Assert.Equal((JobOutcome.Provisioned, $"standby VM {vm} started"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Queued_JobRecordChangedBeforeItNamesTheStandbyVm_PutsTheVmBackAndCreatesAFreshOne()
    {
        var jobs = new ContendedJobStore(new InMemoryJobStore());
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:Standby:Size"] = "1", jobs);
        var vm = Assert.Single(await PrepareAsync(harness));
        jobs.ConflictNextUpdate(r => r.VmName == vm);

        var result = await harness.ProcessAsync(harness.Queued(6));

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.Empty(harness.Vms.PoweredOn);
        var record = await RecordAsync(harness, vm);
        Assert.Equal((RunnerState.Standby, 0L), (record?.State, record?.ForJobId));
        Assert.True(harness.Vms.Exists("linux-x64-6"));
        Assert.Equal("linux-x64-6", (await harness.Jobs.GetAsync(Pool, 6, CancellationToken.None))?.VmName);
    }

    [Fact]
    public async Task Queued_StartRefused_JobRecordNamesTheFreshVmBeforeItIsCreated()
    {
        using var harness = Create(size: 1);
        Assert.Single(await PrepareAsync(harness));
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.CapacityUnavailable, "AllocationFailed"));
        string? namedAtCreate = null;
        harness.Vms.BeforeCreate = name => namedAtCreate = harness.Jobs.GetAsync(Pool, 9, CancellationToken.None).GetAwaiter().GetResult()?.VmName;

        await harness.ProcessAsync(harness.Queued(9));

        Assert.Equal("linux-x64-9", namedAtCreate);
    }

    [Fact]
    public async Task Queued_RegistrationFails_PutsTheStandbyVmBackUnstarted()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));
        harness.GitHub.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Transient, "502"));
        harness.GitHub.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Transient, "502"));

        await Assert.ThrowsAsync<AdapterException>(() => harness.ProcessAsync(harness.Queued(9)));

        Assert.Empty(harness.Vms.PoweredOn);
        var record = await RecordAsync(harness, vm);
        Assert.Equal(RunnerState.Standby, record?.State);
        Assert.Equal(0, record?.ForJobId);
        Assert.Equal(JobState.Queued, (await harness.Jobs.GetAsync(Pool, 9, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task Watch_StandbyStartFailedInAzure_ReplacesItWithAFreshVmOfTheSameSize()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));
        await harness.ProcessAsync(harness.Queued(3));
        harness.Vms.FailStart(vm, FailureKind.CapacityUnavailable);

        var watched = await harness.WatchCreatesAsync();

        Assert.Equal(JobOutcome.Deferred, Assert.Single(watched).Outcome);
        var fresh = harness.Vms.Requests.Single(r => r.Name == vm);
        Assert.False(fresh.Tags.ContainsKey(RunnerTags.Standby));
        Assert.Equal("3", fresh.Tags[RunnerTags.JobId]);
        Assert.Equal(("Standard_D2ads_v5", false), (harness.Vms.Started.Last().Size, harness.Vms.Started.Last().Spot));
        var record = await RecordAsync(harness, vm);
        Assert.False(record?.UserDataSet);
        Assert.Equal(2, harness.GitHub.JitCalls);
    }

    [Fact]
    public async Task InProgress_OnStartedStandbyVm_ClearsItsUserData()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));
        await harness.ProcessAsync(harness.Queued(4));

        await harness.ProcessAsync(harness.InProgress(4, vm));

        Assert.Equal("", harness.Vms.UserData(vm));
        var record = await RecordAsync(harness, vm);
        Assert.False(record?.UserDataSet);
        Assert.Equal(RunnerState.Busy, record?.State);
    }

    [Fact]
    public async Task InProgress_UserDataClearFailsInAzure_LogsItAndTheJobStillStarts()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));
        await harness.ProcessAsync(harness.Queued(4));
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.Transient, "ARM is down"));

        await harness.ProcessAsync(harness.InProgress(4, vm));

        Assert.Equal(JobState.InProgress, (await harness.Jobs.GetAsync(Pool, 4, CancellationToken.None))?.State);
        Assert.True((await RecordAsync(harness, vm))?.UserDataSet);
        var log = Assert.Single(harness.Logs.GetSnapshot(), l => l.Id.Name == "UserDataNotCleared");
        Assert.Equal("ARM is down", log.Exception?.Message);
    }

    [Fact]
    public async Task Reconcile_OnlineRunnerWhoseUserDataWasNotCleared_ClearsIt()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));
        await harness.ProcessAsync(harness.Queued(4));
        harness.GitHub.SetVersion(vm, "2.330.0");

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.ClearUserData && a.Name == vm);
        Assert.Equal("", harness.Vms.UserData(vm));
        Assert.False((await RecordAsync(harness, vm))?.UserDataSet);
    }

    [Fact]
    public async Task Completed_OnStandbyVm_DeletesItAndTheReconcilerRefillsThePool()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));
        await harness.ProcessAsync(harness.Queued(4));
        await harness.ProcessAsync(harness.InProgress(4, vm));

        await harness.ProcessAsync(harness.Completed(4, vm));
        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.False(harness.Vms.Exists(vm));
        var refill = Assert.Single(actions, a => a.Kind == ReconcileActionKind.CreateStandbyVm);
        Assert.NotEqual(vm, refill.Name);
        Assert.Equal(RunnerState.Preparing, (await RecordAsync(harness, refill.Name))?.State);
    }

    [Fact]
    public async Task Reconcile_StandbyVmEvictedWhileStopped_IsReleasedAndReplaced()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));
        await harness.Vms.DeleteAsync(harness.Pools[0].ScaleSetId, vm, CancellationToken.None);

        var released = await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        var refilled = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Single(released, a => a.Kind == ReconcileActionKind.ReleaseCapacity && a.Name == vm);
        Assert.Null(await RecordAsync(harness, vm));
        Assert.Single(refilled, a => a.Kind == ReconcileActionKind.CreateStandbyVm);
        Assert.Equal(1, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task Reconcile_PreparationPastBootTimeout_DeletesTheVmAndPreparesAnother()
    {
        using var harness = Create(size: 1);
        var created = (await harness.Reconciler.ReconcileAsync(CancellationToken.None)).Single(a => a.Kind == ReconcileActionKind.CreateStandbyVm).Name;
        harness.Clock.Advance(TimeSpan.FromMinutes(11));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.DeleteVm && a.Name == created);
        Assert.False(harness.Vms.Exists(created));
        Assert.Single(actions, a => a.Kind == ReconcileActionKind.CreateStandbyVm);
        Assert.Equal(1, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task Reconcile_NewRunnerRelease_ReplacesPreparedVmsBuiltForTheOldOne()
    {
        using var harness = Create(size: 1);
        var vm = Assert.Single(await PrepareAsync(harness));
        harness.Releases.Current = harness.Releases.Current with { Version = "2.331.0" };

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.DeleteVm && a.Name == vm);
        Assert.False(harness.Vms.Exists(vm));
    }

    [Fact]
    public async Task Reconcile_StandbyAndWarm_NeverAboveMaxRunners()
    {
        using var harness = Create(size: 3, v =>
        {
            v["Scaler:Pools:0:MaxRunners"] = "4";
            v["Scaler:Pools:0:MinIdle"] = "1";
        });
        await PrepareAsync(harness);

        for (var job = 1; job <= 6; job++)
        {
            await harness.ProcessAsync(harness.Queued(job));
            await harness.Reconciler.ReconcileAsync(CancellationToken.None);
            Assert.True(await harness.Capacity.CountAsync(Pool, CancellationToken.None) <= 4);
        }

        Assert.True(harness.Vms.MaxAtOnce <= 4);
    }
}
