using Scaler.Core.Runners;
using Scaler.Core.State;
using static Scaler.Core.Convergence.ReconcileActionKind;

namespace Scaler.Core.Convergence;

/// <summary>
/// The standby rows of the reconcile table in docs/operations.md. A standby VM (tagged <see cref="RunnerTags.Standby"/>)
/// has no runner registered until a job starts it, so the rules for runner VMs leave it alone and these decide: keep it
/// preparing, ready it, replace it when it failed or aged, and keep the pool's standby size.
/// </summary>
public static class StandbyRules
{
    /// <summary>A standby VM past the provisioning grace with no capacity row holds no unit and goes.</summary>
    public static IEnumerable<ReconcileAction> StandbyWithoutCapacityRow(ReconcilePlan plan) =>
        from vm in plan.UndecidedStandby
        where plan.RecordOf(vm) is null && plan.AgeWithoutRecord(vm) > plan.Provisioning.ProvisioningGrace
        select new ReconcileAction(DeleteVm, vm.Name, null, "standby VM without a capacity row");

    /// <summary>
    /// A prepared standby VM whose VM is gone (a Spot VM evicted while stopped, or deleted by hand): its capacity goes back
    /// at once, as no create is in flight, and the pool is refilled.
    /// </summary>
    public static IEnumerable<ReconcileAction> StandbyVmGone(ReconcilePlan plan) =>
        from record in plan.Records.Values
        where record.State == RunnerState.Standby && !plan.Vms.ContainsKey(record.VmName)
        select new ReconcileAction(ReleaseCapacity, record.VmName, null, "standby VM gone (evicted or deleted while stopped)", Row: record);

    /// <summary>A preparation that failed to provision, or did not end (the VM powered off) within BootTimeout.</summary>
    public static IEnumerable<ReconcileAction> PreparationFailed(ReconcilePlan plan) =>
        from vm in plan.UndecidedStandby
        where plan.RecordOf(vm) is { State: RunnerState.Preparing }
        let reason = string.Equals(vm.ProvisioningState, "Failed", StringComparison.OrdinalIgnoreCase) ? "standby VM failed to provision"
            : plan.Age(vm) > plan.Pool.BootTimeout ? $"standby VM not prepared within BootTimeout {plan.Pool.BootTimeout}"
            : null
        where reason is not null
        select new ReconcileAction(DeleteVm, vm.Name, null, reason);

    /// <summary>
    /// A standby VM a job claimed but never started (the processor stopped between the two) past the lease: the job's
    /// message is retried and gets a VM of its own, so this one goes.
    /// </summary>
    public static IEnumerable<ReconcileAction> ClaimedNotStarted(ReconcilePlan plan) =>
        from vm in plan.UndecidedStandby
        let record = plan.RecordOf(vm)
        where record is not null && !ReconcilePlan.IsUnclaimedStandby(record) && plan.Now - record.ClaimedAt > plan.Provisioning.LeaseDuration
        let runner = plan.RunnerOf(vm)
        where runner is not { Busy: true }
        select runner is null
            ? new ReconcileAction(DeleteVm, vm.Name, null, $"standby VM claimed and not started within {plan.Provisioning.LeaseDuration}")
            : new ReconcileAction(RemoveIdleRunner, vm.Name, runner.Id, $"standby VM claimed and not started within {plan.Provisioning.LeaseDuration}");

    /// <summary>A prepared VM built for another runner release or image, or prepared longer ago than Standby MaxAge, is replaced.</summary>
    public static IEnumerable<ReconcileAction> OutdatedStandby(ReconcilePlan plan) =>
        from vm in plan.UndecidedStandby
        let record = plan.RecordOf(vm)
        where record is { State: RunnerState.Standby }
        let reason = plan.Snapshot.CurrentVersion is { } current && record.RunnerVersion != current ? $"standby VM has runner {record.RunnerVersion}, not the current release {current}"
            : record.Image != plan.Pool.Image ? "standby VM was built from another image than the pool's"
            : plan.Now - (record.PreparedAt ?? record.ClaimedAt) > plan.Pool.Standby.MaxAge ? $"standby VM prepared longer ago than Standby MaxAge {plan.Pool.Standby.MaxAge}"
            : null
        where reason is not null
        select new ReconcileAction(DeleteVm, vm.Name, null, reason);

    /// <summary>More standby VMs than the standby size now (a schedule closed, or the size was lowered): the longest prepared go.</summary>
    public static IEnumerable<ReconcileAction> MoreStandbyThanSize(ReconcilePlan plan)
    {
        var size = plan.Pool.Standby.SizeAt(plan.Now);
        var unclaimed = plan.UndecidedStandby.Where(vm => ReconcilePlan.IsUnclaimedStandby(plan.RecordOf(vm))).ToList();
        return from vm in unclaimed.OrderBy(vm => plan.RecordOf(vm)!.PreparedAt ?? DateTimeOffset.MaxValue).Take(unclaimed.Count - size)
               select new ReconcileAction(DeleteVm, vm.Name, null, $"more standby VMs than the standby size {size}");
    }

    /// <summary>A preparing VM that Azure provisioned is looked at: deallocated once it powered itself off, ready once deallocated.</summary>
    public static IEnumerable<ReconcileAction> PreparationToShelve(ReconcilePlan plan) =>
        from vm in plan.UndecidedStandby
        where plan.RecordOf(vm) is { State: RunnerState.Preparing } && string.Equals(vm.ProvisioningState, "Succeeded", StringComparison.OrdinalIgnoreCase)
        select new ReconcileAction(ShelveStandbyVm, vm.Name, null, "standby VM preparing");

    /// <summary>A started standby VM whose runner is online or busy still has its JIT config in userData: it is cleared.</summary>
    public static IEnumerable<ReconcileAction> UserDataToClear(ReconcilePlan plan) =>
        from vm in plan.Undecided
        let runner = plan.RunnerOf(vm)
        where plan.RecordOf(vm) is { UserDataSet: true } && runner is not null && (runner.Online || runner.Busy)
        select new ReconcileAction(ClearUserData, vm.Name, runner.Id, "runner online: its JIT config leaves userData");

    /// <summary>
    /// Fewer unclaimed standby VMs than the standby size now: standby VMs are created, after the warm runners, never
    /// taking the pool past MaxRunners.
    /// </summary>
    public static IEnumerable<ReconcileAction> BelowStandbySize(ReconcilePlan plan)
    {
        var size = plan.Pool.Standby.SizeAt(plan.Now);
        var rows = plan.Counted.ToHashSet(StringComparer.Ordinal);
        var leaving = plan.Leaving;
        var creating = plan.Actions.Count(a => a.Kind is AdoptVm or CreateWarmRunner);
        var ready = rows.Count(name => !leaving.Contains(name) && ReconcilePlan.IsUnclaimedStandby(plan.Records[name]));
        var missing = Math.Min(size - ready, plan.Pool.MaxRunners - rows.Count - creating + leaving.Count(rows.Contains));
        return Enumerable.Range(0, Math.Max(missing, 0))
            .Select(_ => new ReconcileAction(CreateStandbyVm, VmNames.ForStandby(plan.Pool.Name), null, $"{ready} standby VMs below the standby size {size}"));
    }
}
