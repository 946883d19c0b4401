using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.Failures;
using Scaler.Core.Pools;

namespace Scaler.Core.Convergence;

/// <summary>
/// One reconcile run: for each pool, converge its VMs, runners and capacity rows (<see cref="PoolConvergence"/>) and
/// repair its jobs left without a runner (<see cref="JobRepair"/>); a pool whose state cannot be read is skipped this
/// run and the others go on. Then old job records are swept (<see cref="JobRetention"/>) and failed webhook deliveries
/// redelivered.
/// </summary>
public sealed class Reconciler(
    IOptions<ScalerOptions> pools,
    PoolConvergence convergence,
    JobRepair repair,
    JobRetention retention,
    ILogger<Reconciler> logger)
{
    /// <summary>Returns the actions done, of every pool.</summary>
    public async Task<IReadOnlyList<ReconcileAction>> ReconcileAsync(CancellationToken cancellationToken)
    {
        var done = new List<ReconcileAction>();
        foreach (var pool in pools.Value.Pools)
        {
            try
            {
                var converged = await convergence.ConvergeAsync(pool, cancellationToken);
                done.AddRange(converged.Done);
                await repair.RepairPoolAsync(pool, converged, cancellationToken);
            }
            catch (AdapterException ex)
            {
                ReconcileLog.PoolFailed(logger, ex, pool.Name);
            }
        }

        await retention.SweepAsync(cancellationToken);
        await repair.RecoverLostWebhooksAsync(cancellationToken);
        return done;
    }
}
