using System.Globalization;
using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Provisioning;
using Scaler.Core.State;

namespace Scaler.Core.Reconciliation;

/// <summary>
/// Decides, from a <see cref="PoolSnapshot"/> alone, what the reconciler should do. Pure, so every rule is
/// tested without I/O. Busy runners are never removed: every removal of a registered runner goes through
/// <see cref="ReconcileActionKind.RemoveIdleRunner"/>, which deregisters at GitHub first.
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

        foreach (var vm in vms.Values)
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
                    actions.Add(new(ReconcileActionKind.DeleteVm, vm.Name, null, neverOnline
                        ? $"no runner registered within BootTimeout {pool.BootTimeout}"
                        : "its runner finished or vanished", RequeueJob: neverOnline));
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
                var died = !runner.Online && age <= pool.MaxLifetime;
                actions.Add(new(ReconcileActionKind.RemoveIdleRunner, vm.Name, runner.Id, reason, RequeueJob: died));
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

        PlanWarmRunners(snapshot.Pool, minIdle, runners, records, actions);
        return actions;
    }

    /// <summary>Idle and booting runners count towards MinIdle; new ones never take the pool past MaxRunners.</summary>
    private static void PlanWarmRunners(Pools.PoolOptions pool, int minIdle, Dictionary<string, GitHubRunner> runners, Dictionary<string, RunnerRecord> records, List<ReconcileAction> actions)
    {
        var leaving = actions.Where(a => a.Kind is ReconcileActionKind.DeleteVm or ReconcileActionKind.RemoveIdleRunner).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var available = records.Keys.Count(name => !leaving.Contains(name) && !(runners.TryGetValue(name, out var r) && r.Busy));
        var missing = Math.Min(minIdle - available, pool.MaxRunners - records.Count + leaving.Count(records.ContainsKey));
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
