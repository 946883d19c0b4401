using Scaler.Core.Compute;
using Scaler.Core.Convergence;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.State;
using static Scaler.Core.Convergence.ReconcileActionKind;
using static Scaler.Core.Tests.Convergence.Snapshots;

namespace Scaler.Core.Tests.Convergence;

/// <summary>Each row of the reconcile table on its own: the rule's function applied to a plan no rule has touched yet, unless said.</summary>
public class ReconcileRulesTests
{
    private readonly PoolOptions pool = Pool();

    [Fact]
    public void KeptVmLeftovers_KeptVmStillRegisteredAndCounted_DeletesTheRegistrationThenReleasesTheRow()
    {
        pool.KeepUnhealthy = 1;
        var plan = Plan([Kept("linux-x64-1", keptAgo: 5)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 20)]);

        var actions = ReconcileRules.KeptVmLeftovers(plan);

        Assert.Equal(
            [(DeleteRegistration, "linux-x64-1", (long?)"linux-x64-1".Length, (string?)null), (ReleaseKeptCapacity, "linux-x64-1", null, "etag-linux-x64-1")],
            actions.Select(a => (a.Kind, a.Name, a.RunnerId, a.Row?.ETag)));
    }

    [Fact]
    public void KeptVmLeftovers_BusyRegistrationOrVmNotKept_IsLeftAlone()
    {
        pool.KeepUnhealthy = 1;
        var plan = Plan(
            [Kept("linux-x64-1", keptAgo: 5), Vm("linux-x64-2", age: 20)],
            [Runner("linux-x64-1", busy: true), Runner("linux-x64-2", online: false)],
            [Record("linux-x64-2", age: 20)]);

        Assert.Empty(ReconcileRules.KeptVmLeftovers(plan));
    }

    [Fact]
    public void MoreKeptThanKeepUnhealthy_SettingLowered_DeletesTheOldestBeyondIt()
    {
        pool.KeepUnhealthy = 1;
        var plan = Plan([Kept("linux-x64-1", keptAgo: 10), Kept("linux-x64-2", keptAgo: 300), Kept("linux-x64-3", keptAgo: 60)], [], []);

        var actions = ReconcileRules.MoreKeptThanKeepUnhealthy(plan).ToList();

        Assert.Equal([(DeleteVm, "linux-x64-2"), (DeleteVm, "linux-x64-3")], actions.Select(a => (a.Kind, a.Name)));
        Assert.Equal("kept for investigation since 2026-11-27T17:00:00.0000000+00:00, more than KeepUnhealthy 1", actions[0].Reason);
        Assert.All(actions, a => Assert.False(a.RequeueJob));
    }

    [Fact]
    public void MoreKeptThanKeepUnhealthy_AtKeepUnhealthy_DeletesNone()
    {
        pool.KeepUnhealthy = 2;

        Assert.Empty(ReconcileRules.MoreKeptThanKeepUnhealthy(Plan([Kept("linux-x64-1", keptAgo: 10), Kept("linux-x64-2", keptAgo: 300)], [], [])));
    }

    [Fact]
    public void RunnerCameOnline_OnlineRunnerWhoseRowHasNoOnlineTime_IsMarked()
    {
        var plan = Plan(
            [Vm("linux-x64-1", age: 3), Vm("linux-x64-2", age: 3), Vm("linux-x64-3", age: 3), Vm("linux-x64-4", age: 3), Vm("linux-x64-5", age: 3)],
            [Runner("linux-x64-1"), Runner("linux-x64-2"), Runner("linux-x64-3", busy: true), Runner("linux-x64-4", online: false), Runner("linux-x64-5")],
            [Record("linux-x64-1", age: 3), Record("linux-x64-2", age: 3, online: 1), Record("linux-x64-3", age: 3), Record("linux-x64-4", age: 3)]);

        var action = Assert.Single(ReconcileRules.RunnerCameOnline(plan));

        Assert.Equal((MarkOnline, "linux-x64-1", (long?)"linux-x64-1".Length, "runner came online"), (action.Kind, action.Name, action.RunnerId, action.Reason));
    }

    [Fact]
    public void OlderThanMaxLifetime_IdleOrOfflineRunnerPastIt_IsRemovedWithoutRequeue()
    {
        var plan = Plan(
            [Vm("linux-x64-1", age: 60 * 25), Vm("linux-x64-2", age: 60 * 25), Vm("linux-x64-3", age: 60 * 25), Vm("linux-x64-4", age: 60 * 23)],
            [Runner("linux-x64-1"), Runner("linux-x64-2", online: false), Runner("linux-x64-3", busy: true), Runner("linux-x64-4")],
            []);

        var actions = ReconcileRules.OlderThanMaxLifetime(plan).ToList();

        Assert.Equal([(RemoveIdleRunner, "linux-x64-1", false), (RemoveIdleRunner, "linux-x64-2", false)], actions.Select(a => (a.Kind, a.Name, a.RequeueJob)));
        Assert.Equal("older than MaxLifetime 1.00:00:00", actions[0].Reason);
    }

    [Fact]
    public void NotOnlineWithinBootTimeoutUnderKeepUnhealthy_FreeSlots_KeepsTheFirstInSnapshotOrderAndRequeues()
    {
        pool.KeepUnhealthy = 3;
        var plan = Plan(
            [Kept("linux-x64-1", keptAgo: 5), Vm("linux-x64-2", age: 11), Vm("linux-x64-3", age: 11), Vm("linux-x64-4", age: 11)],
            [Runner("linux-x64-2", online: false), Runner("linux-x64-4", online: false)],
            [Record("linux-x64-2", age: 11), Record("linux-x64-3", age: 11), Record("linux-x64-4", age: 11)]);

        var actions = ReconcileRules.NotOnlineWithinBootTimeoutUnderKeepUnhealthy(plan).ToList();

        Assert.Equal(
            [(KeepVm, "linux-x64-2", (long?)"linux-x64-2".Length, true), (KeepVm, "linux-x64-3", null, true)],
            actions.Select(a => (a.Kind, a.Name, a.RunnerId, a.RequeueJob)));
        Assert.Equal("runner not online within BootTimeout 00:10:00; kept stopped for investigation (KeepUnhealthy 3)", actions[0].Reason);
        Assert.Equal("no runner registered within BootTimeout 00:10:00; kept stopped for investigation (KeepUnhealthy 3)", actions[1].Reason);
    }

    [Fact]
    public void NotOnlineWithinBootTimeoutUnderKeepUnhealthy_NoFreeSlot_KeepsNone()
    {
        pool.KeepUnhealthy = 1;
        var plan = Plan([Kept("linux-x64-1", keptAgo: 5), Vm("linux-x64-2", age: 11)], [Runner("linux-x64-2", online: false)], [Record("linux-x64-2", age: 11)]);

        Assert.Empty(ReconcileRules.NotOnlineWithinBootTimeoutUnderKeepUnhealthy(plan));
    }

    [Fact]
    public void NotOnlineWithinBootTimeout_RegisteredOrNot_RemovesTheVmAndRequeuesItsJob()
    {
        var plan = Plan(
            [Vm("linux-x64-1", age: 11), Vm("linux-x64-2", age: 11)],
            [Runner("linux-x64-1", online: false)],
            [Record("linux-x64-1", age: 11), Record("linux-x64-2", age: 11)]);

        var actions = ReconcileRules.NotOnlineWithinBootTimeout(plan).ToList();

        Assert.Equal(
            [(RemoveIdleRunner, "linux-x64-1", (long?)"linux-x64-1".Length, true), (DeleteVm, "linux-x64-2", null, true)],
            actions.Select(a => (a.Kind, a.Name, a.RunnerId, a.RequeueJob)));
        Assert.Equal("runner not online within BootTimeout 00:10:00", actions[0].Reason);
        Assert.Equal("no runner registered within BootTimeout 00:10:00", actions[1].Reason);
    }

    [Fact]
    public void NotOnlineWithinBootTimeout_FailedVmWhoseNextAttemptIsRecorded_IsYoungAgainAndLeftAlone()
    {
        var plan = Plan(
            [Vm("linux-x64-1", age: 11), Vm("linux-x64-2", age: 11)],
            [Runner("linux-x64-1", online: false)],
            [Record("linux-x64-1", age: 11) with { CreateStartedAt = Now.AddMinutes(-1) }, Record("linux-x64-2", age: 11) with { CreateStartedAt = Now.AddMinutes(-1) }]);

        Assert.Empty(ReconcileRules.NotOnlineWithinBootTimeout(plan));
        Assert.Empty(ReconcileRules.RunnerGone(plan));
    }

    [Fact]
    public void NotOnlineWithinBootTimeout_StillBootingOnlineOnceOrBusy_IsNotThisRule()
    {
        var plan = Plan(
            [Vm("linux-x64-1", age: 9), Vm("linux-x64-2", age: 30), Vm("linux-x64-3", age: 30), Vm("linux-x64-4", age: 30)],
            [Runner("linux-x64-1", online: false), Runner("linux-x64-2", online: false), Runner("linux-x64-4", busy: true)],
            [Record("linux-x64-1", age: 9), Record("linux-x64-2", age: 30, online: 20), Record("linux-x64-3", age: 30, online: 20), Record("linux-x64-4", age: 30)]);

        Assert.Empty(ReconcileRules.NotOnlineWithinBootTimeout(plan));
    }

    [Fact]
    public void NotOnlineWithinBootTimeout_NotRegisteredButWithinTheProvisioningGrace_WaitsForTheGrace()
    {
        pool.BootTimeout = TimeSpan.FromMinutes(1);

        var actions = ReconcileRules.NotOnlineWithinBootTimeout(Plan([Vm("linux-x64-1", age: 1.5), Vm("linux-x64-2", age: 2.5)], [], []));

        Assert.Equal("linux-x64-2", Assert.Single(actions).Name);
    }

    [Fact]
    public void RunnerGone_VmPastTheGraceWithoutRegistration_IsDeletedWithoutRequeue()
    {
        var plan = Plan(
            [Vm("linux-x64-1", age: 30), Vm("linux-x64-2", age: 1), Vm("linux-x64-3", age: 30)],
            [Runner("linux-x64-3", online: false)],
            [Record("linux-x64-1", age: 30, online: 20)]);

        var action = Assert.Single(ReconcileRules.RunnerGone(plan));

        Assert.Equal((DeleteVm, "linux-x64-1", (long?)null, "its runner finished or vanished", false), (action.Kind, action.Name, action.RunnerId, action.Reason, action.RequeueJob));
    }

    [Fact]
    public void RunnerGone_VmAlreadyBeingDeleted_IsNotDeletedAgainNorAdopted()
    {
        var plan = Plan([Vm("linux-x64-1", age: 30) with { ProvisioningState = "Deleting" }], [], []);

        Assert.Empty(ReconcilePlanner.Plan(plan.Snapshot, Provisioning));
    }

    [Fact]
    public void RunnerWentOffline_OfflineAfterOnline_IsRemovedAndItsJobRequeued()
    {
        var plan = Plan(
            [Vm("linux-x64-1", age: 30), Vm("linux-x64-2", age: 30), Vm("linux-x64-3", age: 30)],
            [Runner("linux-x64-1", online: false), Runner("linux-x64-2", online: false), Runner("linux-x64-3")],
            [Record("linux-x64-1", age: 30, online: 20), Record("linux-x64-2", age: 30), Record("linux-x64-3", age: 30, online: 20)]);

        var action = Assert.Single(ReconcileRules.RunnerWentOffline(plan));

        Assert.Equal((RemoveIdleRunner, "linux-x64-1", "runner went offline (VM stopped or evicted)", true), (action.Kind, action.Name, action.Reason, action.RequeueJob));
    }

    [Fact]
    public void OlderRunnerVersion_IdleRunnerOfAnotherVersion_IsRemoved()
    {
        var plan = Plan(
            [Vm("linux-x64-1", age: 3), Vm("linux-x64-2", age: 3), Vm("linux-x64-3", age: 3), Vm("linux-x64-4", age: 3), Vm("linux-x64-5", age: 3)],
            [Runner("linux-x64-1", version: "2.329.0"), Runner("linux-x64-2", version: "2.330.0"), Runner("linux-x64-3"), Runner("linux-x64-4", online: false, version: "2.329.0"), Runner("linux-x64-5", busy: true, version: "2.329.0")],
            [],
            current: "2.330.0");

        var action = Assert.Single(ReconcileRules.OlderRunnerVersion(plan));

        Assert.Equal((RemoveIdleRunner, "linux-x64-1", "runner 2.329.0 is older than the current release 2.330.0", false), (action.Kind, action.Name, action.Reason, action.RequeueJob));
    }

    [Fact]
    public void OlderRunnerVersion_CurrentReleaseUnknown_RemovesNone()
    {
        Assert.Empty(ReconcileRules.OlderRunnerVersion(Plan([Vm("linux-x64-1", age: 3)], [Runner("linux-x64-1", version: "2.329.0")], [])));
    }

    [Fact]
    public void IdlePastIdleTimeout_AboveMinIdle_RemovesTheLongestIdleFirst()
    {
        pool.MinIdle = 2;
        var plan = Plan(
            [Vm("linux-x64-1", age: 20), Vm("linux-x64-2", age: 20), Vm("linux-x64-3", age: 20), Vm("linux-x64-4", age: 20)],
            [Runner("linux-x64-1"), Runner("linux-x64-2"), Runner("linux-x64-3"), Runner("linux-x64-4")],
            [Record("linux-x64-1", age: 20, online: 8), Record("linux-x64-2", age: 20, online: 18), Record("linux-x64-3", age: 20, online: 12), Record("linux-x64-4", age: 20)]);

        var actions = ReconcileRules.IdlePastIdleTimeout(plan).ToList();

        Assert.Equal(["linux-x64-2", "linux-x64-3"], actions.Select(a => a.Name));
        Assert.All(actions, a => Assert.Equal((RemoveIdleRunner, "idle longer than IdleTimeout 00:05:00 above MinIdle 2", false), (a.Kind, a.Reason, a.RequeueJob)));
    }

    [Fact]
    public void IdlePastIdleTimeout_RunnerARuleAboveRemoves_DoesNotCountAsIdle()
    {
        pool.MinIdle = 1;
        var plan = Plan(
            [Vm("linux-x64-1", age: 20), Vm("linux-x64-2", age: 20)],
            [Runner("linux-x64-1"), Runner("linux-x64-2")],
            [Record("linux-x64-1", age: 20, online: 18), Record("linux-x64-2", age: 20, online: 18)]);
        plan.Add(new ReconcileAction(RemoveIdleRunner, "linux-x64-1", "linux-x64-1".Length, "a rule above"));

        Assert.Empty(ReconcileRules.IdlePastIdleTimeout(plan));
    }

    [Fact]
    public void RegistrationWithoutVm_NoVmAndNoRowBeingProvisioned_IsDeleted()
    {
        var plan = Plan(
            [Vm("linux-x64-4", age: 3)],
            [Runner("linux-x64-1"), Runner("linux-x64-2"), Runner("linux-x64-3", busy: true), Runner("linux-x64-4"), Runner("linux-x64-5")],
            [Record("linux-x64-2", age: 1), Record("linux-x64-5", age: 11)]);

        var actions = ReconcileRules.RegistrationWithoutVm(plan).ToList();

        Assert.Equal([(DeleteRegistration, "linux-x64-1"), (DeleteRegistration, "linux-x64-5")], actions.Select(a => (a.Kind, a.Name)));
        Assert.All(actions, a => Assert.Equal("registration without a VM", a.Reason));
    }

    [Fact]
    public void CapacityWithoutVmOrRegistration_PastTheLease_IsReleased()
    {
        var plan = Plan(
            [Vm("linux-x64-3", age: 30)],
            [Runner("linux-x64-4")],
            [Record("linux-x64-1", age: 11), Record("linux-x64-2", age: 3), Record("linux-x64-3", age: 30), Record("linux-x64-4", age: 30)]);

        var action = Assert.Single(ReconcileRules.CapacityWithoutVmOrRegistration(plan));

        Assert.Equal((ReleaseCapacity, "linux-x64-1", "capacity held without VM or registration", "etag-linux-x64-1"), (action.Kind, action.Name, action.Reason, action.Row?.ETag));
    }

    [Fact]
    public void CapacityWithoutVmOrRegistration_ClaimedPastTheLeaseButItsCreateStartedWithin_IsKept()
    {
        // The create's PUT is on its way to Azure: releasing the unit now would let the VM exist without one.
        var plan = Plan(
            [],
            [],
            [
                Record("linux-x64-1", age: 11) with { CreateStartedAt = Now.AddMinutes(-9) },
                Record("linux-x64-2", age: 30) with { CreateStartedAt = Now.AddMinutes(-11) },
                Record("linux-x64-3", age: 11) with { CreateStartedAt = Now.AddMinutes(-40) },
            ]);

        var released = ReconcileRules.CapacityWithoutVmOrRegistration(plan).Select(a => a.Name);

        Assert.Equal(["linux-x64-2", "linux-x64-3"], released.Order());
    }

    [Fact]
    public void RegistrationWithoutVm_RowClaimedPastTheLeaseButItsCreateStartedWithin_IsKept()
    {
        var plan = Plan(
            [],
            [Runner("linux-x64-1"), Runner("linux-x64-2")],
            [Record("linux-x64-1", age: 11) with { CreateStartedAt = Now.AddMinutes(-9) }, Record("linux-x64-2", age: 11) with { CreateStartedAt = Now.AddMinutes(-11) }]);

        var deleted = Assert.Single(ReconcileRules.RegistrationWithoutVm(plan));

        Assert.Equal("linux-x64-2", deleted.Name);
    }

    [Fact]
    public void VmWithoutCapacityRow_PastTheGraceAndNotActedOn_IsAdoptedWithTheJobFromItsTag()
    {
        pool.KeepUnhealthy = 1;
        var orphan = Vm("linux-x64-7", age: 5);
        orphan = orphan with { Tags = new Dictionary<string, string>(orphan.Tags) { [RunnerTags.JobId] = "7" } };
        var plan = Plan(
            [orphan, Vm("linux-x64-1", age: 5), Vm("linux-x64-2", age: 1), Vm("linux-x64-3", age: 30), Kept("linux-x64-4", keptAgo: 5)],
            [Runner("linux-x64-7"), Runner("linux-x64-1")],
            [Record("linux-x64-1", age: 5, online: 4)]);
        plan.Add(new ReconcileAction(DeleteVm, "linux-x64-3", null, "a rule above"));

        var action = Assert.Single(ReconcileRules.VmWithoutCapacityRow(plan));

        Assert.Equal((AdoptVm, "linux-x64-7", 7L, false), (action.Kind, action.Name, action.JobId, action.RequeueJob));
    }

    [Fact]
    public void BelowWarmMinimum_BusyRunnersDoNotCount_CreatesWarmRunnersUpToMaxRunners()
    {
        pool.MinIdle = 3;
        pool.MaxRunners = 4;
        var plan = Plan(
            [Vm("linux-x64-1", age: 5), Vm("linux-x64-2", age: 5)],
            [Runner("linux-x64-1", busy: true), Runner("linux-x64-2", busy: true)],
            [Record("linux-x64-1", age: 5), Record("linux-x64-2", age: 5)]);

        var warm = ReconcileRules.BelowWarmMinimum(plan).ToList();

        Assert.Equal(2, warm.Count);
        Assert.All(warm, a => Assert.Equal((CreateWarmRunner, "0 idle or booting below MinIdle 3"), (a.Kind, a.Reason)));
        Assert.All(warm, a => Assert.Matches("^linux-x64-w[0-9a-f]{12}$", a.Name));
        Assert.Equal(2, warm.Select(a => a.Name).Distinct().Count());
    }

    [Fact]
    public void BelowWarmMinimum_VmsLeavingAndKept_DoNotCountButFreeTheirRows_AdoptedOnesCount()
    {
        pool.MinIdle = 3;
        pool.MaxRunners = 3;
        pool.KeepUnhealthy = 1;
        var plan = Plan(
            [Vm("linux-x64-1", age: 5), Vm("linux-x64-2", age: 5), Vm("linux-x64-3", age: 5), Kept("linux-x64-4", keptAgo: 5)],
            [Runner("linux-x64-1"), Runner("linux-x64-2"), Runner("linux-x64-3")],
            [Record("linux-x64-1", age: 5, online: 4), Record("linux-x64-2", age: 5, online: 4), Record("linux-x64-4", age: 20)]);
        plan.Add(new ReconcileAction(RemoveIdleRunner, "linux-x64-1", "linux-x64-1".Length, "a rule above"));
        plan.Add(new ReconcileAction(AdoptVm, "linux-x64-3", null, "a rule above"));

        var warm = ReconcileRules.BelowWarmMinimum(plan).ToList();

        // Counted: 2 and 3 (available) and 1 (leaving, so its row is free); the kept VM's row is not counted.
        Assert.Equal("2 idle or booting below MinIdle 3", Assert.Single(warm).Reason);
    }

    [Fact]
    public void KeptVmLeftovers_KeptVmStillRegisteredAndCounted_SaysWhyInTheActionLog()
    {
        pool.KeepUnhealthy = 1;
        var plan = Plan([Kept("linux-x64-1", keptAgo: 5)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 20)]);

        Assert.Equal(
            ["registration of a VM kept for investigation", "capacity held by a VM kept for investigation"],
            ReconcileRules.KeptVmLeftovers(plan).Select(a => a.Reason));
    }

    [Fact]
    public void OlderThanMaxLifetime_AgedExactlyMaxLifetime_IsNotYetRemoved()
    {
        var plan = Plan([Vm("linux-x64-1", age: 60 * 24)], [Runner("linux-x64-1")], [Record("linux-x64-1", age: 60 * 24, online: 60)]);

        Assert.Empty(ReconcileRules.OlderThanMaxLifetime(plan));
    }

    [Fact]
    public void NotOnlineWithinBootTimeout_AgedExactlyBootTimeout_IsStillBooting()
    {
        var plan = Plan([Vm("linux-x64-1", age: 10)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 10)]);

        Assert.Empty(ReconcileRules.NotOnlineWithinBootTimeout(plan));
    }

    [Fact]
    public void NotOnlineWithinBootTimeout_NotRegisteredAndAgedExactlyTheProvisioningGrace_WaitsForTheGrace()
    {
        // BootTimeout below the grace, so that the grace alone decides.
        pool.BootTimeout = TimeSpan.FromMinutes(1);

        Assert.Empty(ReconcileRules.NotOnlineWithinBootTimeout(Plan([Vm("linux-x64-1", age: 2)], [], [])));
    }

    [Fact]
    public void RunnerGone_AgedExactlyTheProvisioningGrace_IsLeftAlone()
    {
        Assert.Empty(ReconcileRules.RunnerGone(Plan([Vm("linux-x64-1", age: 2)], [], [Record("linux-x64-1", age: 2)])));
    }

    [Fact]
    public void IdlePastIdleTimeout_IdleExactlyIdleTimeout_IsKept()
    {
        var plan = Plan([Vm("linux-x64-1", age: 8)], [Runner("linux-x64-1")], [Record("linux-x64-1", age: 8, online: 5)]);

        Assert.Empty(ReconcileRules.IdlePastIdleTimeout(plan));
    }

    [Fact]
    public void RegistrationWithoutVm_RowClaimedExactlyLeaseDurationAgo_IsDeletedAsTheLeaseHasRunOut()
    {
        var plan = Plan([], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 10)]);

        var action = Assert.Single(ReconcileRules.RegistrationWithoutVm(plan));

        Assert.Equal((DeleteRegistration, "linux-x64-1", "registration without a VM"), (action.Kind, action.Name, action.Reason));
    }

    [Fact]
    public void CapacityWithoutVmOrRegistration_RowClaimedExactlyLeaseDurationAgo_IsKept()
    {
        Assert.Empty(ReconcileRules.CapacityWithoutVmOrRegistration(Plan([], [], [Record("linux-x64-1", age: 10)])));
    }

    [Fact]
    public void VmWithoutCapacityRow_AgedExactlyTheProvisioningGrace_IsNotAdoptedYet()
    {
        Assert.Empty(ReconcileRules.VmWithoutCapacityRow(Plan([Vm("linux-x64-1", age: 2)], [Runner("linux-x64-1")], [])));
    }

    [Fact]
    public void VmWithoutCapacityRow_PastTheGrace_SaysWhyInTheActionLog()
    {
        var action = Assert.Single(ReconcileRules.VmWithoutCapacityRow(Plan([Vm("linux-x64-1", age: 3)], [Runner("linux-x64-1")], [])));

        Assert.Equal("VM without a capacity row: counted against MaxRunners again", action.Reason);
    }

    private ReconcilePlan Plan(RunnerVm[] vms, GitHubRunner[] runners, RunnerRecord[] records, string? current = null) =>
        new(Snapshots.Of(pool, vms, runners, records, current), Provisioning);
}
