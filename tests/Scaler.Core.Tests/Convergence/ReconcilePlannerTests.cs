using Scaler.Core.Compute;
using Scaler.Core.Convergence;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.State;
using static Scaler.Core.Tests.Convergence.Snapshots;

namespace Scaler.Core.Tests.Convergence;

/// <summary>Whole plans: the rules applied in the table's order (each rule alone is in <see cref="ReconcileRulesTests"/>).</summary>
public class ReconcilePlannerTests
{
    private readonly PoolOptions pool = Pool();

    [Fact]
    public void Plan_VmWhoseRunnerFinished_DeletesVm()
    {
        var actions = Plan([Vm("linux-x64-1", age: 30)], [], [Record("linux-x64-1", age: 30, online: 20)]);

        var action = Assert.Single(actions);
        Assert.Equal((ReconcileActionKind.DeleteVm, "linux-x64-1"), (action.Kind, action.Name));
        Assert.Contains("finished or vanished", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RemovalOfAVmWhoseRunnerWasNotOnline_ReleasesItsRowOnlyIfUnchanged()
    {
        var actions = Plan(
            [Vm("linux-x64-1", age: 30), Vm("linux-x64-2", age: 11), Vm("linux-x64-3", age: 11)],
            [Runner("linux-x64-2", online: false)],
            [Record("linux-x64-1", age: 30, online: 20), Record("linux-x64-2", age: 11), Record("linux-x64-3", age: 11)]);

        Assert.Equal(
            [("linux-x64-1", "etag-linux-x64-1"), ("linux-x64-2", "etag-linux-x64-2"), ("linux-x64-3", "etag-linux-x64-3")],
            actions.Select(a => (a.Name, a.Row?.ETag)).Order());
    }

    [Fact]
    public void Plan_RemovalOfAnOnlineRunnersVm_ReleasesItsRowAsItIs()
    {
        var actions = Plan([Vm("linux-x64-1", age: 600)], [Runner("linux-x64-1")], [Record("linux-x64-1", age: 600, online: 590)]);

        var action = Assert.Single(actions);
        Assert.Equal((ReconcileActionKind.RemoveIdleRunner, (string?)null), (action.Kind, action.Row?.ETag));
    }

    [Fact]
    public void Plan_VmJustCreatedWithoutRunnerYet_IsLeftAlone()
    {
        Assert.Empty(Plan([Vm("linux-x64-1", age: 1)], [], [Record("linux-x64-1", age: 1)]));
    }

    [Fact]
    public void Plan_RunnerNeverOnlineWithinBootTimeout_RemovesIt()
    {
        var actions = Plan([Vm("linux-x64-1", age: 11)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 11)]);

        var action = Assert.Single(actions);
        Assert.Equal(ReconcileActionKind.RemoveIdleRunner, action.Kind);
        Assert.Contains("BootTimeout", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RunnerStillBooting_IsLeftAlone()
    {
        Assert.Empty(Plan([Vm("linux-x64-1", age: 4)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 4)]));
    }

    [Fact]
    public void Plan_IdleRunnerPastIdleTimeout_RemovedAboveMinIdleOldestFirst()
    {
        pool.MinIdle = 1;
        var actions = Plan(
            [Vm("linux-x64-1", age: 20), Vm("linux-x64-2", age: 20), Vm("linux-x64-3", age: 20)],
            [Runner("linux-x64-1"), Runner("linux-x64-2"), Runner("linux-x64-3")],
            [Record("linux-x64-1", age: 20, online: 12), Record("linux-x64-2", age: 20, online: 19), Record("linux-x64-3", age: 20, online: 8)]);

        var removed = actions.Where(a => a.Kind == ReconcileActionKind.RemoveIdleRunner).Select(a => a.Name);
        Assert.Equal(["linux-x64-2", "linux-x64-1"], removed);
    }

    [Fact]
    public void Plan_IdleRunnersAtMinIdle_AreKept()
    {
        pool.MinIdle = 2;

        var actions = Plan(
            [Vm("linux-x64-1", age: 60), Vm("linux-x64-2", age: 60)],
            [Runner("linux-x64-1"), Runner("linux-x64-2")],
            [Record("linux-x64-1", age: 60, online: 59), Record("linux-x64-2", age: 60, online: 59)]);

        Assert.Empty(actions);
    }

    [Fact]
    public void Plan_BusyRunner_IsNeverRemovedEvenPastMaxLifetime()
    {
        var actions = Plan([Vm("linux-x64-1", age: 60 * 25)], [Runner("linux-x64-1", busy: true)], [Record("linux-x64-1", age: 60 * 25, online: 60 * 25)]);

        Assert.Empty(actions);
    }

    [Fact]
    public void Plan_IdleRunnerPastMaxLifetime_IsRemoved()
    {
        pool.MinIdle = 1;

        var actions = Plan([Vm("linux-x64-1", age: 60 * 25)], [Runner("linux-x64-1")], [Record("linux-x64-1", age: 60 * 25, online: 60 * 25)]);

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.RemoveIdleRunner && a.Reason.Contains("MaxLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_RunnerOfOlderVersion_IsRecycledWhenIdle()
    {
        pool.MinIdle = 1;

        var actions = Plan([Vm("linux-x64-1", age: 3)], [Runner("linux-x64-1", version: "2.329.0")], [Record("linux-x64-1", age: 3, online: 1)], current: "2.330.0");

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.RemoveIdleRunner && a.Reason.Contains("2.329.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_RunnerWentOffline_IsRemoved()
    {
        var actions = Plan([Vm("linux-x64-1", age: 30)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 30, online: 20)]);

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.RemoveIdleRunner && a.Reason.Contains("offline", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_RegistrationWithoutVm_IsDeletedUnlessBeingProvisioned()
    {
        var actions = Plan([], [Runner("linux-x64-1"), Runner("linux-x64-2")], [Record("linux-x64-2", age: 1)]);

        var action = Assert.Single(actions, a => a.Kind == ReconcileActionKind.DeleteRegistration);
        Assert.Equal("linux-x64-1", action.Name);
    }

    [Fact]
    public void Plan_CapacityWithoutVmOrRunner_IsReleasedAfterTheLease()
    {
        var actions = Plan([], [], [Record("linux-x64-1", age: 11), Record("linux-x64-2", age: 3)]);

        var action = Assert.Single(actions, a => a.Kind == ReconcileActionKind.ReleaseCapacity);
        Assert.Equal("linux-x64-1", action.Name);
    }

    [Fact]
    public void Plan_BelowMinIdle_CreatesWarmRunnersWithinMaxRunners()
    {
        pool.MinIdle = 3;
        pool.MaxRunners = 4;

        var actions = Plan(
            [Vm("linux-x64-1", age: 5), Vm("linux-x64-2", age: 5)],
            [Runner("linux-x64-1", busy: true), Runner("linux-x64-2", busy: true)],
            [Record("linux-x64-1", age: 5), Record("linux-x64-2", age: 5)]);

        var warm = actions.Where(a => a.Kind == ReconcileActionKind.CreateWarmRunner).ToList();
        Assert.Equal(2, warm.Count);
        Assert.All(warm, a => Assert.Matches("^linux-x64-w[0-9a-f]{12}$", a.Name));
        Assert.All(warm, a => Assert.Same(pool, VmNames.PoolOf(a.Name, [pool])));
    }

    [Fact]
    public void Plan_InsideAWarmWindow_CreatesUpToTheWindowsMinIdle()
    {
        pool.WarmSchedules.Add(new WarmSchedule { Cron = "0 21 * * *", Duration = TimeSpan.FromHours(2), MinIdle = 3 });

        var actions = Plan([], [], []);

        Assert.Equal(3, actions.Count(a => a.Kind == ReconcileActionKind.CreateWarmRunner));
    }

    [Fact]
    public void Plan_AtMinIdle_CreatesNothing()
    {
        pool.MinIdle = 1;

        var actions = Plan([Vm("linux-x64-w0123456789ab", age: 1)], [Runner("linux-x64-w0123456789ab", online: false)], [Record("linux-x64-w0123456789ab", age: 1)]);

        Assert.DoesNotContain(actions, a => a.Kind == ReconcileActionKind.CreateWarmRunner);
    }

    [Fact]
    public void Plan_RunnerCameOnline_IsMarked()
    {
        var actions = Plan([Vm("linux-x64-1", age: 3)], [Runner("linux-x64-1")], [Record("linux-x64-1", age: 3)]);

        Assert.Equal(ReconcileActionKind.MarkOnline, Assert.Single(actions).Kind);
    }

    [Fact]
    public void Plan_KeepUnhealthyDefault_IsZeroAndNeverKeeps()
    {
        Assert.Equal(0, new PoolOptions().KeepUnhealthy);

        var actions = Plan([Vm("linux-x64-1", age: 11)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 11)]);

        Assert.DoesNotContain(actions, a => a.Kind == ReconcileActionKind.KeepVm);
    }

    [Fact]
    public void Plan_RunnerNeverOnlineUnderKeepUnhealthy_KeepsTheVmAndRequeuesItsJob()
    {
        pool.KeepUnhealthy = 1;

        var actions = Plan([Vm("linux-x64-1", age: 11)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 11)]);

        var action = Assert.Single(actions);
        Assert.Equal((ReconcileActionKind.KeepVm, "linux-x64-1", (long?)"linux-x64-1".Length, true), (action.Kind, action.Name, action.RunnerId, action.RequeueJob));
        Assert.Equal("runner not online within BootTimeout 00:10:00; kept stopped for investigation (KeepUnhealthy 1)", action.Reason);
    }

    [Fact]
    public void Plan_NoRunnerRegisteredUnderKeepUnhealthy_KeepsTheVmWithoutARunnerToDeregister()
    {
        pool.KeepUnhealthy = 1;

        var actions = Plan([Vm("linux-x64-1", age: 11)], [], [Record("linux-x64-1", age: 11)]);

        var action = Assert.Single(actions);
        Assert.Equal((ReconcileActionKind.KeepVm, (long?)null, true), (action.Kind, action.RunnerId, action.RequeueJob));
        Assert.StartsWith("no runner registered within BootTimeout", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_KeepUnhealthyReached_DeletesTheNextUnhealthyVm()
    {
        pool.KeepUnhealthy = 1;

        var actions = Plan(
            [Kept("linux-x64-1", keptAgo: 30), Vm("linux-x64-2", age: 11), Vm("linux-x64-3", age: 11)],
            [Runner("linux-x64-2", online: false)],
            [Record("linux-x64-2", age: 11), Record("linux-x64-3", age: 11)]);

        Assert.DoesNotContain(actions, a => a.Kind == ReconcileActionKind.KeepVm);
        Assert.Contains(actions, a => (a.Kind, a.Name, a.RequeueJob) == (ReconcileActionKind.RemoveIdleRunner, "linux-x64-2", true));
        Assert.Contains(actions, a => (a.Kind, a.Name, a.RequeueJob) == (ReconcileActionKind.DeleteVm, "linux-x64-3", true));
        Assert.DoesNotContain(actions, a => a.Name == "linux-x64-1");
    }

    [Fact]
    public void Plan_TwoUnhealthyAndOneFreeSlot_KeepsOneDeletesTheOther()
    {
        pool.KeepUnhealthy = 2;

        var actions = Plan(
            [Kept("linux-x64-1", keptAgo: 30), Vm("linux-x64-2", age: 11), Vm("linux-x64-3", age: 11)],
            [Runner("linux-x64-2", online: false), Runner("linux-x64-3", online: false)],
            [Record("linux-x64-2", age: 11), Record("linux-x64-3", age: 11)]);

        Assert.Equal(1, actions.Count(a => a.Kind == ReconcileActionKind.KeepVm));
        Assert.Equal(1, actions.Count(a => a.Kind == ReconcileActionKind.RemoveIdleRunner));
    }

    [Fact]
    public void Plan_MoreKeptThanKeepUnhealthy_DeletesTheOldestSurplus()
    {
        pool.KeepUnhealthy = 1;

        var actions = Plan([Kept("linux-x64-1", keptAgo: 10), Kept("linux-x64-2", keptAgo: 300), Kept("linux-x64-3", keptAgo: 60)], [], []);

        var deleted = actions.Where(a => a.Kind == ReconcileActionKind.DeleteVm).ToList();
        Assert.Equal(["linux-x64-2", "linux-x64-3"], deleted.Select(a => a.Name));
        Assert.All(deleted, a => Assert.False(a.RequeueJob));
        Assert.Contains("more than KeepUnhealthy 1", deleted[0].Reason, StringComparison.Ordinal);
        Assert.Equal(2, actions.Count);
    }

    [Fact]
    public void Plan_KeptVmPastEveryTimeout_IsTouchedByNoOtherRule()
    {
        pool.KeepUnhealthy = 1;
        pool.MinIdle = 1;

        var actions = Plan([Kept("linux-x64-1", keptAgo: 60 * 30)], [], []);

        Assert.Equal(ReconcileActionKind.CreateWarmRunner, Assert.Single(actions).Kind);
    }

    [Fact]
    public void Plan_KeptVmsRegistrationAndCapacityRow_AreRemovedButABusyRegistrationIsNot()
    {
        pool.KeepUnhealthy = 2;

        var actions = Plan(
            [Kept("linux-x64-1", keptAgo: 5), Kept("linux-x64-2", keptAgo: 5)],
            [Runner("linux-x64-1", online: false), Runner("linux-x64-2", busy: true)],
            [Record("linux-x64-1", age: 20)]);

        Assert.Equal(
            [(ReconcileActionKind.DeleteRegistration, "linux-x64-1"), (ReconcileActionKind.ReleaseKeptCapacity, "linux-x64-1")],
            actions.Select(a => (a.Kind, a.Name)));
    }

    [Fact]
    public void Plan_KeptVms_CountNeitherAgainstMaxRunnersNorTowardsMinIdle()
    {
        pool.KeepUnhealthy = 2;
        pool.MinIdle = 2;
        pool.MaxRunners = 2;

        var actions = Plan([Kept("linux-x64-1", keptAgo: 5), Kept("linux-x64-2", keptAgo: 5)], [], [Record("linux-x64-1", age: 20)]);

        Assert.Equal(2, actions.Count(a => a.Kind == ReconcileActionKind.CreateWarmRunner));
    }

    [Fact]
    public void Plan_VmKeptThisRun_FreesItsCapacityForAWarmRunner()
    {
        pool.KeepUnhealthy = 1;
        pool.MinIdle = 1;
        pool.MaxRunners = 1;

        var actions = Plan([Vm("linux-x64-1", age: 11)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 11)]);

        Assert.Equal([ReconcileActionKind.KeepVm, ReconcileActionKind.CreateWarmRunner], actions.Select(a => a.Kind));
    }

    [Fact]
    public void Plan_IdleVmWithoutCapacityRow_IsAdoptedWithItsJob_AndCountsAgainstMaxRunners()
    {
        pool.MinIdle = 2;
        pool.MaxRunners = 2;
        var orphan = Vm("linux-x64-7", age: 5);
        orphan = orphan with { Tags = new Dictionary<string, string>(orphan.Tags) { [RunnerTags.JobId] = "7" } };

        var actions = Plan([orphan, Vm("linux-x64-1", age: 5)], [Runner("linux-x64-7"), Runner("linux-x64-1")], [Record("linux-x64-1", age: 5, online: 4)]);

        var adopt = Assert.Single(actions);
        Assert.Equal((ReconcileActionKind.AdoptVm, "linux-x64-7", 7L), (adopt.Kind, adopt.Name, adopt.JobId));
    }

    [Fact]
    public void Plan_VmWithoutRowStillInItsGraceOrBeingDeleted_IsNotAdopted()
    {
        var actions = Plan([Vm("linux-x64-1", age: 1), Vm("linux-x64-2", age: 30)], [], []);

        var action = Assert.Single(actions);
        Assert.Equal((ReconcileActionKind.DeleteVm, "linux-x64-2"), (action.Kind, action.Name));
    }

    [Fact]
    public void Plan_RunnerNeverOnlinePastMaxLifetime_IsRemovedForMaxLifetimeNotKeptOrRequeued()
    {
        pool.KeepUnhealthy = 1;

        var actions = Plan([Vm("linux-x64-1", age: 60 * 25)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 60 * 25)]);

        var action = Assert.Single(actions);
        Assert.Equal((ReconcileActionKind.RemoveIdleRunner, false), (action.Kind, action.RequeueJob));
        Assert.StartsWith("older than MaxLifetime", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RunnerCameOnlineOfAnOlderVersion_IsMarkedOnlineThenRemoved()
    {
        var actions = Plan([Vm("linux-x64-1", age: 3)], [Runner("linux-x64-1", version: "2.329.0")], [Record("linux-x64-1", age: 3)], current: "2.330.0");

        Assert.Equal([ReconcileActionKind.MarkOnline, ReconcileActionKind.RemoveIdleRunner], actions.Select(a => a.Kind));
    }

    [Fact]
    public void Plan_KeepSlotsGoInSnapshotOrder_WhetherTheRunnerRegisteredOrNot()
    {
        pool.KeepUnhealthy = 1;

        var actions = Plan(
            [Vm("linux-x64-1", age: 11), Vm("linux-x64-2", age: 11)],
            [Runner("linux-x64-2", online: false)],
            [Record("linux-x64-1", age: 11), Record("linux-x64-2", age: 11)]);

        Assert.Equal(
            [(ReconcileActionKind.KeepVm, "linux-x64-1"), (ReconcileActionKind.RemoveIdleRunner, "linux-x64-2")],
            actions.Select(a => (a.Kind, a.Name)));
    }

    private IReadOnlyList<ReconcileAction> Plan(RunnerVm[] vms, GitHubRunner[] runners, RunnerRecord[] records, string? current = null) =>
        ReconcilePlanner.Plan(Snapshots.Of(pool, vms, runners, records, current), Provisioning);
}
