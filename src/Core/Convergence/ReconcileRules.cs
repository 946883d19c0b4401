using System.Globalization;
using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Runners;
using Scaler.Core.State;
using static Scaler.Core.Convergence.ReconcileActionKind;

namespace Scaler.Core.Convergence;

/// <summary>
/// The rows of the reconcile table in docs/operations.md, one function each, in the table's order. Each returns its
/// decisions from the <see cref="ReconcilePlan"/> alone; a VM that a rule above removed or kept is left to it. Busy
/// runners are never removed: every removal of a registered runner is <see cref="RemoveIdleRunner"/> or
/// <see cref="KeepVm"/>, which deregister at GitHub first.
/// </summary>
public static class ReconcileRules
{
    /// <summary>
    /// A VM kept for investigation whose runner is still registered (and not busy), or whose capacity row remains: the
    /// registration and the row go. Kept VMs count neither against MaxRunners nor towards MinIdle.
    /// </summary>
    public static IEnumerable<ReconcileAction> KeptVmLeftovers(ReconcilePlan plan)
    {
        foreach (var vm in plan.Kept)
        {
            if (plan.RunnerOf(vm) is { Busy: false } runner)
            {
                yield return new(DeleteRegistration, vm.Name, runner.Id, "registration of a VM kept for investigation");
            }

            if (plan.RecordOf(vm) is { } record)
            {
                yield return new(ReleaseKeptCapacity, vm.Name, null, "capacity held by a VM kept for investigation", Row: record);
            }
        }
    }

    /// <summary>More VMs kept for investigation than KeepUnhealthy (it was lowered since they were kept): the oldest go.</summary>
    public static IEnumerable<ReconcileAction> MoreKeptThanKeepUnhealthy(ReconcilePlan plan)
    {
        var keep = plan.Pool.KeepUnhealthy;
        foreach (var vm in plan.Kept.OrderBy(RunnerTags.KeptAt).Take(plan.Kept.Count - keep))
        {
            var since = RunnerTags.KeptAt(vm)!.Value.ToString("O", CultureInfo.InvariantCulture);
            yield return new(DeleteVm, vm.Name, null, $"kept for investigation since {since}, more than KeepUnhealthy {keep}");
        }
    }

    /// <summary>A runner online for the first time: its capacity row notes when, for IdleTimeout. It decides nothing else.</summary>
    public static IEnumerable<ReconcileAction> RunnerCameOnline(ReconcilePlan plan) =>
        from r in NotBusy(plan)
        where r.Runner.Online && plan.RecordOf(r.Vm) is { OnlineSince: null }
        select new ReconcileAction(MarkOnline, r.Vm.Name, r.Runner.Id, "runner came online");

    /// <summary>A runner older than MaxLifetime that is not running a job. Its job is not requeued: the VM had its time.</summary>
    public static IEnumerable<ReconcileAction> OlderThanMaxLifetime(ReconcilePlan plan) =>
        from r in NotBusy(plan)
        where plan.Age(r.Vm) > plan.Pool.MaxLifetime
        select new ReconcileAction(RemoveIdleRunner, r.Vm.Name, r.Runner.Id, $"older than MaxLifetime {plan.Pool.MaxLifetime}");

    /// <summary>
    /// The first VMs (in the snapshot's order) of <see cref="NotOnlineWithinBootTimeout"/>, while fewer are kept than
    /// KeepUnhealthy: kept stopped for investigation, and their jobs requeued.
    /// </summary>
    public static IEnumerable<ReconcileAction> NotOnlineWithinBootTimeoutUnderKeepUnhealthy(ReconcilePlan plan)
    {
        var keep = plan.Pool.KeepUnhealthy;
        var unhealthy = from vm in plan.Undecided
                        let reason = NotOnlineReason(plan, vm)
                        where reason is not null
                        select new ReconcileAction(KeepVm, vm.Name, plan.RunnerOf(vm)?.Id, $"{reason}; kept stopped for investigation (KeepUnhealthy {keep})", RequeueJob: true);
        return unhealthy.Take(keep - plan.Kept.Count);
    }

    /// <summary>
    /// A VM past BootTimeout whose runner never came online: not registered at all (and past the provisioning grace), or
    /// registered but offline. The VM goes (after its runner is deregistered) and its job is requeued.
    /// </summary>
    public static IEnumerable<ReconcileAction> NotOnlineWithinBootTimeout(ReconcilePlan plan) =>
        from vm in plan.Undecided
        let reason = NotOnlineReason(plan, vm)
        where reason is not null
        let runner = plan.RunnerOf(vm)
        select runner is null
            ? new ReconcileAction(DeleteVm, vm.Name, null, reason, RequeueJob: true)
            : new ReconcileAction(RemoveIdleRunner, vm.Name, runner.Id, reason, RequeueJob: true);

    /// <summary>A VM past the provisioning grace whose runner is not registered: its job finished, or the registration vanished.</summary>
    public static IEnumerable<ReconcileAction> RunnerGone(ReconcilePlan plan) =>
        from vm in plan.Undecided
        where plan.RunnerOf(vm) is null && plan.Age(vm) > plan.Provisioning.ProvisioningGrace
        select new ReconcileAction(DeleteVm, vm.Name, null, "its runner finished or vanished");

    /// <summary>A runner offline after it was online (VM stopped or evicted) died idle: its job is requeued.</summary>
    public static IEnumerable<ReconcileAction> RunnerWentOffline(ReconcilePlan plan) =>
        from r in NotBusy(plan)
        where !r.Runner.Online && plan.RecordOf(r.Vm)?.OnlineSince is not null
        select new ReconcileAction(RemoveIdleRunner, r.Vm.Name, r.Runner.Id, "runner went offline (VM stopped or evicted)", RequeueJob: true);

    /// <summary>An idle runner of another version than the release new VMs install: a new VM installs the current one.</summary>
    public static IEnumerable<ReconcileAction> OlderRunnerVersion(ReconcilePlan plan) =>
        from r in NotBusy(plan)
        where r.Runner.Online && plan.Snapshot.CurrentVersion is { } current && r.Runner.Version is { } version && version != current
        select new ReconcileAction(RemoveIdleRunner, r.Vm.Name, r.Runner.Id, $"runner {r.Runner.Version} is older than the current release {plan.Snapshot.CurrentVersion}");

    /// <summary>Idle runners past IdleTimeout, oldest first, as many as there are idle runners above the warm minimum.</summary>
    public static IEnumerable<ReconcileAction> IdlePastIdleTimeout(ReconcilePlan plan)
    {
        var (pool, now, minIdle) = (plan.Pool, plan.Now, plan.Snapshot.MinIdle);
        var idle = NotBusy(plan).Where(r => r.Runner.Online).Select(r => (r.Vm.Name, r.Runner.Id, Since: plan.RecordOf(r.Vm)?.OnlineSince ?? now)).ToList();
        return from i in idle.Where(i => now - i.Since > pool.IdleTimeout).OrderBy(i => i.Since).Take(idle.Count - minIdle)
               select new ReconcileAction(RemoveIdleRunner, i.Name, i.Id, $"idle longer than IdleTimeout {pool.IdleTimeout} above MinIdle {minIdle}");
    }

    /// <summary>A registration of the pool's with no VM, whose capacity row (if any) is past the provisioning lease since its last step.</summary>
    public static IEnumerable<ReconcileAction> RegistrationWithoutVm(ReconcilePlan plan) =>
        from runner in plan.Runners.Values
        where !plan.Vms.ContainsKey(runner.Name) && !runner.Busy
        let beingProvisioned = plan.Records.TryGetValue(runner.Name, out var record) && plan.Now - ReconcilePlan.LastProvisioningStep(record) < plan.Provisioning.LeaseDuration
        where !beingProvisioned
        select new ReconcileAction(DeleteRegistration, runner.Name, runner.Id, "registration without a VM");

    /// <summary>
    /// A capacity row past the provisioning lease since its last step with neither VM nor registration (a ready standby
    /// VM's is <see cref="StandbyRules.StandbyVmGone"/>'s). The lease runs from the claim and again from each create's
    /// start, which is recorded just before its PUT: a row whose create is on its way to Azure is not released under it.
    /// </summary>
    public static IEnumerable<ReconcileAction> CapacityWithoutVmOrRegistration(ReconcilePlan plan) =>
        from record in plan.Records.Values
        where record.State != RunnerState.Standby && !plan.Vms.ContainsKey(record.VmName) && !plan.Runners.ContainsKey(record.VmName) && plan.Now - ReconcilePlan.LastProvisioningStep(record) > plan.Provisioning.LeaseDuration
        select new ReconcileAction(ReleaseCapacity, record.VmName, null, "capacity held without VM or registration", Row: record);

    /// <summary>
    /// A VM past the provisioning grace with no capacity row, on which no rule above acted, gets a row again (whatever
    /// MaxRunners says: it exists), so the count matches the VMs and new claims stop at MaxRunners. The row gets the id of
    /// the runner of that name registered at the pool's own target, if any, so that the VM's job events match it.
    /// </summary>
    public static IEnumerable<ReconcileAction> VmWithoutCapacityRow(ReconcilePlan plan)
    {
        var acted = plan.Actions.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        return from vm in plan.Vms.Values
               where RunnerTags.KeptAt(vm) is null && !ReconcilePlan.BeingDeleted(vm) && !plan.Records.ContainsKey(vm.Name) && !acted.Contains(vm.Name)
                   && plan.AgeWithoutRecord(vm) > plan.Provisioning.ProvisioningGrace
               select new ReconcileAction(AdoptVm, vm.Name, plan.Runners.GetValueOrDefault(vm.Name)?.Id, "VM without a capacity row: counted against MaxRunners again", JobId: JobIdOf(vm));
    }

    /// <summary>
    /// Fewer idle or booting runners than the warm minimum (counting the VMs adopted, and not those leaving nor standby VMs): warm
    /// runners are created, never taking the pool past MaxRunners.
    /// </summary>
    public static IEnumerable<ReconcileAction> BelowWarmMinimum(ReconcilePlan plan)
    {
        var (pool, minIdle) = (plan.Pool, plan.Snapshot.MinIdle);
        var rows = plan.Counted.ToHashSet(StringComparer.Ordinal);
        var leaving = plan.Leaving;
        var counted = rows.Concat(plan.Actions.Where(a => a.Kind == AdoptVm).Select(a => a.Name)).ToList();
        var available = counted.Count(name => !leaving.Contains(name) && !(plan.Runners.TryGetValue(name, out var r) && r.Busy)
            && !ReconcilePlan.IsUnclaimedStandby(plan.Records.GetValueOrDefault(name)));
        var missing = Math.Min(minIdle - available, pool.MaxRunners - counted.Count + leaving.Count(rows.Contains));
        return Enumerable.Range(0, Math.Max(missing, 0))
            .Select(_ => new ReconcileAction(CreateWarmRunner, VmNames.ForWarm(pool.Name), null, $"{available} idle or booting below MinIdle {minIdle}"));
    }

    /// <summary>Undecided VMs whose runner is registered and not running a job.</summary>
    private static IEnumerable<(RunnerVm Vm, GitHubRunner Runner)> NotBusy(ReconcilePlan plan) =>
        from vm in plan.Undecided
        let runner = plan.RunnerOf(vm)
        where runner is { Busy: false }
        select (vm, runner);

    /// <summary>Why the VM's runner counts as not online within BootTimeout, or null when it does not.</summary>
    private static string? NotOnlineReason(ReconcilePlan plan, RunnerVm vm)
    {
        var age = plan.Age(vm);
        var bootTimeout = plan.Pool.BootTimeout;
        if (plan.RecordOf(vm)?.OnlineSince is not null || age <= bootTimeout)
        {
            return null;
        }

        return plan.RunnerOf(vm) switch
        {
            null when age > plan.Provisioning.ProvisioningGrace => $"no runner registered within BootTimeout {bootTimeout}",
            { Busy: false, Online: false } => $"runner not online within BootTimeout {bootTimeout}",
            _ => null,
        };
    }

    private static long JobIdOf(RunnerVm vm) =>
        vm.Tags.TryGetValue(RunnerTags.JobId, out var tag) && long.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
}
