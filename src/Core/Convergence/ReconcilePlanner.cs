using System.Globalization;
using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Runners;
using Scaler.Core.State;

namespace Scaler.Core.Convergence;

/// <summary>
/// Decides, from a <see cref="PoolSnapshot"/> alone, what the reconciler should do. Pure, so every rule is
/// tested without I/O. Busy runners are never removed: every removal of a registered runner goes through
/// <see cref="ReconcileActionKind.RemoveIdleRunner"/> or <see cref="ReconcileActionKind.KeepVm"/>, which deregister at GitHub first.
/// </summary>
public static class ReconcilePlanner
{
    /// <summary>
    /// A VM younger than <see cref="ProvisioningOptions.ProvisioningGrace"/>, or a registration whose capacity row is
    /// younger than <see cref="ProvisioningOptions.LeaseDuration"/>, may still be mid-provisioning: its other half can be missing.
    /// </summary>
    public static IReadOnlyList<ReconcileAction> Plan(PoolSnapshot snapshot, ProvisioningOptions provisioning)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(provisioning);
        var leaseDuration = provisioning.LeaseDuration;
        var pool = snapshot.Pool;
        var now = snapshot.Now;
        var vms = snapshot.Vms.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var runners = snapshot.Runners.GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var records = snapshot.Records.ToDictionary(r => r.VmName, StringComparer.Ordinal);
        var actions = new List<ReconcileAction>();
        var idle = new List<(string Name, long Id, DateTimeOffset Since)>();
        var kept = snapshot.Vms.Where(v => RunnerTags.KeptAt(v) is not null).ToList();
        PlanKept(pool, kept, runners, records, actions);
        var keepSlots = pool.KeepUnhealthy - kept.Count;
        bool TakeKeepSlot() => keepSlots-- > 0;

        foreach (var vm in vms.Values.Where(v => RunnerTags.KeptAt(v) is null))
        {
            runners.TryGetValue(vm.Name, out var runner);
            records.TryGetValue(vm.Name, out var record);
            var born = Created(vm, record);
            var age = now - born;
            if (runner is null)
            {
                if (age > provisioning.ProvisioningGrace)
                {
                    var neverOnline = record?.OnlineSince is null && age > pool.BootTimeout;
                    var notRegistered = $"no runner registered within BootTimeout {pool.BootTimeout}";
                    actions.Add(neverOnline && TakeKeepSlot()
                        ? Keep(pool, vm.Name, null, notRegistered)
                        : new(ReconcileActionKind.DeleteVm, vm.Name, null, neverOnline ? notRegistered : "its runner finished or vanished", RequeueJob: neverOnline));
                }

                continue;
            }

            if (runner.Busy)
            {
                continue;
            }

            var onlineSince = record?.OnlineSince;
            if (runner.Online && onlineSince is null && record is not null)
            {
                actions.Add(new(ReconcileActionKind.MarkOnline, vm.Name, runner.Id, "runner came online"));
                onlineSince = now;
            }

            var reason = (runner.Online, onlineSince) switch
            {
                _ when age > pool.MaxLifetime => $"older than MaxLifetime {pool.MaxLifetime}",
                (false, null) when age > pool.BootTimeout => $"runner not online within BootTimeout {pool.BootTimeout}",
                (false, not null) => "runner went offline (VM stopped or evicted)",
                (true, _) when snapshot.CurrentVersion is { } current && runner.Version is { } version && version != current => $"runner {version} is older than the current release {current}",
                _ => null,
            };
            if (reason is not null)
            {
                // Died idle; and never online at all: it did not come online within BootTimeout.
                var died = !runner.Online && age <= pool.MaxLifetime;
                actions.Add(died && onlineSince is null && TakeKeepSlot()
                    ? Keep(pool, vm.Name, runner.Id, reason)
                    : new(ReconcileActionKind.RemoveIdleRunner, vm.Name, runner.Id, reason, RequeueJob: died));
            }
            else if (runner.Online)
            {
                idle.Add((vm.Name, runner.Id, onlineSince ?? now));
            }
        }

        // Idle runners past IdleTimeout, oldest first, above the warm minimum.
        var minIdle = snapshot.MinIdle;
        var surplus = idle.Count - minIdle;
        foreach (var (name, id, since) in idle.Where(i => now - i.Since > pool.IdleTimeout).OrderBy(i => i.Since))
        {
            if (surplus-- <= 0)
            {
                break;
            }

            actions.Add(new(ReconcileActionKind.RemoveIdleRunner, name, id, $"idle longer than IdleTimeout {pool.IdleTimeout} above MinIdle {minIdle}"));
        }

        foreach (var runner in runners.Values.Where(r => !vms.ContainsKey(r.Name) && !r.Busy))
        {
            var beingProvisioned = records.TryGetValue(runner.Name, out var record) && now - record.ClaimedAt < leaseDuration;
            if (!beingProvisioned)
            {
                actions.Add(new(ReconcileActionKind.DeleteRegistration, runner.Name, runner.Id, "registration without a VM"));
            }
        }

        foreach (var record in records.Values.Where(r => !vms.ContainsKey(r.VmName) && !runners.ContainsKey(r.VmName) && now - r.ClaimedAt > leaseDuration))
        {
            actions.Add(new(ReconcileActionKind.ReleaseCapacity, record.VmName, null, "capacity held without VM or registration"));
        }

        PlanAdoptions(vms.Values, runners, records, now, provisioning.ProvisioningGrace, actions);
        PlanWarmRunners(snapshot.Pool, minIdle, runners, records, actions);
        return actions;
    }

    /// <summary>
    /// A VM past the provisioning grace with no capacity row, which no other rule removes, gets a row again (whatever
    /// MaxRunners says: it exists), so the count matches the VMs and new claims stop at MaxRunners. The row gets the id of
    /// the runner of that name registered at the pool's own target, if any, so that the VM's job events match it.
    /// </summary>
    private static void PlanAdoptions(IEnumerable<RunnerVm> vms, Dictionary<string, GitHubRunner> runners, Dictionary<string, RunnerRecord> records, DateTimeOffset now, TimeSpan grace, List<ReconcileAction> actions)
    {
        var acted = actions.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var vm in vms.Where(v => RunnerTags.KeptAt(v) is null && !records.ContainsKey(v.Name) && !acted.Contains(v.Name) && now - Created(v, null) > grace))
        {
            var jobId = vm.Tags.TryGetValue(RunnerTags.JobId, out var tag) && long.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
            actions.Add(new(ReconcileActionKind.AdoptVm, vm.Name, runners.GetValueOrDefault(vm.Name)?.Id, "VM without a capacity row: counted against MaxRunners again", JobId: jobId));
        }
    }

    /// <summary>
    /// VMs kept for investigation are left alone by every other rule: their registration and capacity row go, and the
    /// oldest beyond <see cref="Pools.PoolOptions.KeepUnhealthy"/> (lowered since they were kept) are deleted.
    /// Their capacity rows are taken out of <paramref name="records"/>: they count neither against MaxRunners nor towards MinIdle.
    /// </summary>
    private static void PlanKept(Pools.PoolOptions pool, List<RunnerVm> kept, Dictionary<string, GitHubRunner> runners, Dictionary<string, RunnerRecord> records, List<ReconcileAction> actions)
    {
        foreach (var vm in kept)
        {
            if (runners.TryGetValue(vm.Name, out var runner) && !runner.Busy)
            {
                actions.Add(new(ReconcileActionKind.DeleteRegistration, vm.Name, runner.Id, "registration of a VM kept for investigation"));
            }

            if (records.Remove(vm.Name))
            {
                actions.Add(new(ReconcileActionKind.ReleaseCapacity, vm.Name, null, "capacity held by a VM kept for investigation"));
            }
        }

        foreach (var vm in kept.OrderBy(RunnerTags.KeptAt).Take(kept.Count - pool.KeepUnhealthy))
        {
            var since = RunnerTags.KeptAt(vm)!.Value.ToString("O", CultureInfo.InvariantCulture);
            actions.Add(new(ReconcileActionKind.DeleteVm, vm.Name, null, $"kept for investigation since {since}, more than KeepUnhealthy {pool.KeepUnhealthy}"));
        }
    }

    private static ReconcileAction Keep(Pools.PoolOptions pool, string name, long? runnerId, string reason) =>
        new(ReconcileActionKind.KeepVm, name, runnerId, $"{reason}; kept stopped for investigation (KeepUnhealthy {pool.KeepUnhealthy})", RequeueJob: true);

    /// <summary>Idle and booting runners count towards MinIdle; new ones never take the pool past MaxRunners.</summary>
    private static void PlanWarmRunners(Pools.PoolOptions pool, int minIdle, Dictionary<string, GitHubRunner> runners, Dictionary<string, RunnerRecord> records, List<ReconcileAction> actions)
    {
        var leaving = actions.Where(a => a.Kind is ReconcileActionKind.DeleteVm or ReconcileActionKind.RemoveIdleRunner or ReconcileActionKind.KeepVm).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var counted = records.Keys.Concat(actions.Where(a => a.Kind == ReconcileActionKind.AdoptVm).Select(a => a.Name)).ToList();
        var available = counted.Count(name => !leaving.Contains(name) && !(runners.TryGetValue(name, out var r) && r.Busy));
        var missing = Math.Min(minIdle - available, pool.MaxRunners - counted.Count + leaving.Count(records.ContainsKey));
        for (var i = 0; i < missing; i++)
        {
            actions.Add(new(ReconcileActionKind.CreateWarmRunner, VmNames.ForWarm(pool.Name), null, $"{available} idle or booting below MinIdle {minIdle}"));
        }
    }

    private static DateTimeOffset Created(RunnerVm vm, RunnerRecord? record) =>
        vm.Tags.TryGetValue(RunnerTags.Created, out var tag) && DateTimeOffset.TryParse(tag, CultureInfo.InvariantCulture, DateTimeStyles.None, out var created)
            ? created
            : record?.ClaimedAt ?? vm.CreatedAt ?? DateTimeOffset.MinValue;
}
