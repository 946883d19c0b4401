using Microsoft.Extensions.Options;
using Scaler.Core.Pools;
using Scaler.Core.Runners;

namespace Scaler.Core.Convergence;

/// <summary>What converging one pool did, and which VMs can serve no waiting job (busy, or leaving).</summary>
public sealed record ConvergedPool(IReadOnlyList<ReconcileAction> Done, IReadOnlySet<string> Unavailable);

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
        var unavailable = snapshot.Runners.Where(r => r.Busy).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
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

        return new ConvergedPool(done, unavailable);
    }
}
