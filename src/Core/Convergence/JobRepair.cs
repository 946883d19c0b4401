using Microsoft.Extensions.Logging;
using Scaler.Core.Failures;
using Scaler.Core.Pools;

namespace Scaler.Core.Convergence;

/// <summary>
/// Jobs left without a runner coming: per pool, jobs whose VM is gone or took another job (<see cref="StalledJobs"/>);
/// once per run, webhook deliveries GitHub failed to make (<see cref="LostWebhookRecovery"/>). Logs under the
/// <see cref="Reconciler"/>'s category, as its events (1500-1599) always have.
/// </summary>
public sealed class JobRepair(StalledJobs stalledJobs, LostWebhookRecovery lostWebhooks, ILogger<Reconciler> logger)
{
    /// <summary>Repairs the pool's orphaned jobs; a failure to read its state throws, as a pool's snapshot does.</summary>
    public Task RepairPoolAsync(PoolOptions pool, ConvergedPool converged, CancellationToken cancellationToken) =>
        stalledJobs.RepairAsync(pool, converged.Unavailable, converged.BusyAtGitHub, cancellationToken);

    /// <summary>Redelivers failed webhook deliveries; a failure is logged and the next run tries again.</summary>
    public async Task RecoverLostWebhooksAsync(CancellationToken cancellationToken)
    {
        try
        {
            await lostWebhooks.RecoverAsync(cancellationToken);
        }
        catch (AdapterException ex)
        {
            ReconcileLog.RecoveryFailed(logger, ex);
        }
    }
}
