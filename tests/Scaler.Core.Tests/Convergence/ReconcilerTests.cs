using Scaler.Core.Convergence;
using Scaler.Core.Jobs;
using Scaler.Core.Runners;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Convergence;

/// <summary>The reconciler acting on fakes, with the clock under the test's control.</summary>
public class ReconcilerTests
{
    [Fact]
    public async Task Reconcile_IdleRunnerPastIdleTimeout_IsDeregisteredAndItsVmDeleted()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.SetVersion("linux-x64-1", "2.330.0");
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(6));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.RemoveIdleRunner && a.Name == "linux-x64-1");
        Assert.False(harness.Vms.Exists("linux-x64-1"));
        Assert.Empty(harness.GitHub.All);
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task Reconcile_RunnerTakesAJobJustBeforeDeregistration_IsKept()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.SetVersion("linux-x64-1", "2.330.0");
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(6));
        harness.GitHub.BeforeDelete = _ => harness.GitHub.SetBusy("linux-x64-1", busy: true);

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.DoesNotContain(actions, a => a.Name == "linux-x64-1" && a.Kind == ReconcileActionKind.RemoveIdleRunner);
        Assert.True(harness.Vms.Exists("linux-x64-1"));
        Assert.Single(harness.GitHub.All);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "RunnerBecameBusy");
    }

    [Fact]
    public async Task Reconcile_AfterTheCompletedEventDeletedTheVmAndGitHubTheEphemeralRunner_ChangesNothing()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));
        var runner = Assert.Single(harness.GitHub.All);
        await harness.GitHub.DeleteRunnerAsync(Core.GitHub.RunnerTarget.For(harness.Pools[0]), runner.Id, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(30));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Name is "ReconcileActionFailed" or "ReconcilePoolFailed");
        Assert.DoesNotContain(actions, a => a.Name == "linux-x64-1");
    }

    [Fact]
    public async Task Reconcile_BootFailure_VmRemovedAfterBootTimeout()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.Clock.Advance(TimeSpan.FromMinutes(11));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        var action = Assert.Single(actions, a => a.Name == "linux-x64-1");
        Assert.Contains("BootTimeout", action.Reason, StringComparison.Ordinal);
        Assert.False(harness.Vms.Exists("linux-x64-1"));
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        var requeued = Assert.Single(harness.Queue.Messages);
        Assert.Equal((1L, Scaler.Core.Jobs.JobAction.Queued, "linux-x64"), (requeued.JobId, requeued.Action, requeued.Pool));
        Assert.Equal(JobOutcome.Provisioned, (await harness.ProcessAsync(requeued)).Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-1-r1"));
    }

    [Fact]
    public async Task Reconcile_OneVmDeleteFails_IsLoggedAndTheOtherVmIsStillDeleted()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));
        harness.Clock.Advance(TimeSpan.FromMinutes(11));
        harness.Vms.FailNext(new Core.Failures.AdapterException(Core.Failures.AdapterName.Compute, Core.Failures.FailureKind.Transient, "ARM is down"));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        var done = Assert.Single(actions);
        Assert.False(harness.Vms.Exists(done.Name));
        Assert.Single(await harness.Vms.ListAsync(harness.Pools[0].ScaleSetId, CancellationToken.None));
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "ReconcileActionFailed");
    }

    [Fact]
    public async Task Reconcile_BootFailureUnderKeepUnhealthy_DeregistersThenDeallocatesAndTagsTheVm()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:KeepUnhealthy"] = "1");
        await harness.ProcessAsync(harness.Queued(1));
        harness.Clock.Advance(TimeSpan.FromMinutes(11));
        bool? deallocatedWhenDeregistered = null;
        harness.GitHub.BeforeDelete = _ => deallocatedWhenDeregistered = harness.Vms.IsDeallocated("linux-x64-1");

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        var action = Assert.Single(actions, a => a.Name == "linux-x64-1");
        Assert.Equal(ReconcileActionKind.KeepVm, action.Kind);
        Assert.False(deallocatedWhenDeregistered);
        Assert.Empty(harness.GitHub.All);
        Assert.True(harness.Vms.IsDeallocated("linux-x64-1"));
        var vm = Assert.Single(await harness.Vms.ListAsync(harness.Pools[0].ScaleSetId, CancellationToken.None));
        Assert.Equal(harness.Clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture), vm.Tags[RunnerTags.Kept]);
        Assert.Equal("runner not online within BootTimeout 00:10:00; kept stopped for investigation (KeepUnhealthy 1)", vm.Tags[RunnerTags.KeptReason]);
        Assert.Equal("linux-x64", vm.Tags[RunnerTags.Pool]);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "ReconcileAction" && r.Message.Contains("KeepVm linux-x64-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_VmKept_ReleasesItsCapacityAndTheJobGetsANewVm()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:KeepUnhealthy"] = "1");
        await harness.ProcessAsync(harness.Queued(1));
        harness.Clock.Advance(TimeSpan.FromMinutes(11));

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        var requeued = Assert.Single(harness.Queue.Messages);
        Assert.Equal((1L, Scaler.Core.Jobs.JobAction.Queued), (requeued.JobId, requeued.Action));
        Assert.Equal(JobOutcome.Provisioned, (await harness.ProcessAsync(requeued)).Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-1-r1"));
        Assert.True(harness.Vms.IsDeallocated("linux-x64-1"));
        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task Reconcile_RunnerTakesAJobJustBeforeItWouldBeKept_VmIsLeftRunningAndUntagged()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:KeepUnhealthy"] = "1");
        await harness.ProcessAsync(harness.Queued(1));
        harness.Clock.Advance(TimeSpan.FromMinutes(11));
        harness.GitHub.BeforeDelete = _ => harness.GitHub.SetBusy("linux-x64-1", busy: true);

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.DoesNotContain(actions, a => a.Name == "linux-x64-1");
        Assert.False(harness.Vms.IsDeallocated("linux-x64-1"));
        var vm = Assert.Single(await harness.Vms.ListAsync(harness.Pools[0].ScaleSetId, CancellationToken.None));
        Assert.False(vm.Tags.ContainsKey(RunnerTags.Kept));
        Assert.Single(harness.GitHub.All);
        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.Empty(harness.Queue.Messages);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "RunnerBecameBusy");
    }

    [Fact]
    public async Task Reconcile_KeptVmOnLaterRuns_IsLeftAlone()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:KeepUnhealthy"] = "1");
        await harness.ProcessAsync(harness.Queued(1));
        harness.Clock.Advance(TimeSpan.FromMinutes(11));
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromDays(2));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.DoesNotContain(actions, a => a.Name == "linux-x64-1");
        Assert.True(harness.Vms.IsDeallocated("linux-x64-1"));
    }

    [Fact]
    public async Task Reconcile_WarmMinimum_CreatesWarmRunnersAndNoMore()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:MinIdle"] = "2");

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        var warm = harness.Vms.Requests.Where(r => r.Name.StartsWith("linux-x64-w", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warm.Count);
        Assert.Equal(2, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.Equal(2, harness.GitHub.All.Count(r => r.Name.StartsWith("linux-x64-w", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reconcile_StallAfterTheVmListPastTheLease_KeepsTheRowItsCreateIsWaitingFor()
    {
        using var harness = new ProcessorHarness();
        await harness.Capacity.ClaimAsync("linux-x64", "linux-x64-7", 7, 10, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(9));
        harness.Vms.AfterList = () => harness.Clock.Advance(TimeSpan.FromMinutes(2));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.DoesNotContain(actions, a => a.Name == "linux-x64-7");
        Assert.NotNull(await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-7", CancellationToken.None));
    }

    [Fact]
    public async Task Reconcile_RowPastTheLeaseWithoutVmOrRegistration_IsReleased()
    {
        using var harness = new ProcessorHarness();
        await harness.Capacity.ClaimAsync("linux-x64", "linux-x64-7", 7, 10, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(11));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.ReleaseCapacity && a.Name == "linux-x64-7");
        Assert.Null(await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-7", CancellationToken.None));
    }

    [Fact]
    public async Task Reconcile_GhostRegistrationWithoutVm_IsDeleted()
    {
        using var harness = new ProcessorHarness();
        await harness.GitHub.GenerateJitConfigAsync(Core.GitHub.RunnerTarget.For(harness.Pools[0]), "linux-x64-99", ["self-hosted"], 1, CancellationToken.None);

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Empty(harness.GitHub.All);
    }

    [Fact]
    public async Task Reconcile_BusyRegistrationWithoutVm_NoDeleteIsEvenAttempted()
    {
        using var harness = new ProcessorHarness();
        await harness.GitHub.GenerateJitConfigAsync(Core.GitHub.RunnerTarget.For(harness.Pools[0]), "linux-x64-99", ["self-hosted"], 1, CancellationToken.None);
        harness.GitHub.SetBusy("linux-x64-99", busy: true);
        harness.Clock.Advance(TimeSpan.FromMinutes(30));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Empty(harness.GitHub.DeleteAttempts);
        Assert.DoesNotContain(actions, a => a.Name == "linux-x64-99");
        Assert.Equal("linux-x64-99", Assert.Single(harness.GitHub.All).Name);
    }

    [Fact]
    public async Task Reconcile_BusyRunnerOfOlderVersionPastIdleTimeout_NoDeleteIsEvenAttemptedAndItsVmStays()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.SetVersion("linux-x64-1", "2.329.0");
        harness.GitHub.SetBusy("linux-x64-1", busy: true);
        harness.Clock.Advance(TimeSpan.FromMinutes(6));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Empty(harness.GitHub.DeleteAttempts);
        Assert.DoesNotContain(actions, a => a.Name == "linux-x64-1");
        Assert.True(harness.Vms.Exists("linux-x64-1"));
        Assert.Single(harness.GitHub.All);
    }

    [Fact]
    public async Task Reconcile_VmWhoseRowWasReleased_IsCountedAgain_SoNewJobsWaitAtMaxRunners()
    {
        using var harness = new ProcessorHarness(values => values["Scaler:Pools:0:MaxRunners"] = "1");
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.SetVersion("linux-x64-1", "2.330.0");
        await harness.Capacity.ReleaseAsync("linux-x64", "linux-x64-1", CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(3));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        var second = await harness.ProcessAsync(harness.Queued(2));

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.AdoptVm && a.Name == "linux-x64-1");
        Assert.Equal(1, (await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-1", CancellationToken.None))?.ForJobId);
        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.False(harness.Vms.Exists("linux-x64-2"), $"a second VM was made past MaxRunners ({second.Outcome})");
    }

    [Fact]
    public async Task Reconcile_AdoptedVm_GetsItsRegisteredRunnerId_SoItsCompletedEventDeletesIt()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.SetVersion("linux-x64-1", "2.330.0");
        await harness.Capacity.ReleaseAsync("linux-x64", "linux-x64-1", CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(3));
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        var result = await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));

        Assert.Equal(JobOutcome.VmDeleted, result.Outcome);
        Assert.False(harness.Vms.Exists("linux-x64-1"));
    }
}
