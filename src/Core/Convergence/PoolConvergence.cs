using Microsoft.Extensions.Options;
using Scaler.Core.Pools;
using Scaler.Core.Runners;

namespace Scaler.Core.Convergence;

/// <summary>
/// What converging one pool did, which VMs can serve no waiting job (busy, or leaving), and which of them were busy at
/// GitHub when the pool was read (a runner took a job; its <c>in_progress</c> event may still be on its way).
/// </summary>
public sealed record ConvergedPool(IReadOnlyList<ReconcileAction> Done, IReadOnlySet<string> Unavailable, IReadOnlySet<string> BusyAtGitHub);

/// <summary>
/// One pool, one run: its snapshot, the <see cref="ReconcilePlanner"/>'s plan for it, each action carried out in the
/// plan's order, warm runners included. A snapshot that cannot be read throws (the pool is skipped this run); an
/// action that fails does not.
/// </summary>
public sealed class PoolConvergence(PoolSnapshots snapshots, IOptions<ProvisioningOptions> provisioning, ReconcileExecutor executor)
{
    public async Task<ConvergedPool> ConvergeAsync(PoolOptions pool, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.ReadAsync(pool, cancellationToken);
        var done = new List<ReconcileAction>();
        var busy = snapshot.Runners.Where(r => r.Busy).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var unavailable = new HashSet<string>(busy, StringComparer.Ordinal);
        foreach (var action in ReconcilePlanner.Plan(snapshot, provisioning.Value))
        {
            if (await executor.ApplyAsync(pool, action, cancellationToken))
            {
                done.Add(action);
                if (action.Kind is not (ReconcileActionKind.MarkOnline or ReconcileActionKind.CreateWarmRunner or ReconcileActionKind.AdoptVm))
                {
                    unavailable.Add(action.Name);
                }
            }
        }

        busy.ExceptWith(done.Where(a => a.Kind is not (ReconcileActionKind.MarkOnline or ReconcileActionKind.CreateWarmRunner or ReconcileActionKind.AdoptVm)).Select(a => a.Name));
        return new ConvergedPool(done, unavailable, busy);
    }
}
