using Microsoft.Extensions.Logging;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.State;

namespace Scaler.Core.Convergence;

/// <summary>
/// Carries out one <see cref="ReconcileAction"/> against GitHub, the scale set and the capacity rows, then requeues the
/// job the VM was made for when the action says so. An action that fails is logged and tried again next run. Logs
/// under the <see cref="Reconciler"/>'s category, as its events (1500-1599) always have.
/// </summary>
public sealed class ReconcileExecutor(
    IRunnerVms vms,
    IGitHubRunners github,
    ICapacity capacity,
    RunnerProvisioner provisioner,
    StandbyVms standby,
    JobRequeue requeue,
    Telemetry.ScalerMetrics metrics,
    TimeProvider time,
    ILogger<Reconciler> logger)
{
    /// <summary>True when the action was done; false when it failed or was refused (a runner that took a job is kept).</summary>
    public async Task<bool> ApplyAsync(PoolOptions pool, ReconcileAction action, CancellationToken cancellationToken)
    {
        try
        {
            var madeFor = action.RequeueJob ? (await capacity.GetRunnerAsync(pool.Name, action.Name, cancellationToken))?.ForJobId ?? 0 : 0;
            switch (action.Kind)
            {
                case ReconcileActionKind.MarkOnline:
                    var record = await capacity.GetRunnerAsync(pool.Name, action.Name, cancellationToken);
                    return record is not null && await capacity.TryUpdateRunnerAsync(record with { OnlineSince = time.GetUtcNow() }, cancellationToken);
                case ReconcileActionKind.RemoveIdleRunner:
                    if (!await DeregisterAsync(pool, action, cancellationToken))
                    {
                        return false;
                    }

                    await DeleteVmAsync(pool, action.Name, cancellationToken);
                    break;
                case ReconcileActionKind.DeleteVm:
                    await DeleteVmAsync(pool, action.Name, cancellationToken);
                    break;
                case ReconcileActionKind.KeepVm:
                    if (action.RunnerId is not null && !await DeregisterAsync(pool, action, cancellationToken))
                    {
                        return false;
                    }

                    await KeepVmAsync(pool, action, cancellationToken);
                    break;
                case ReconcileActionKind.DeleteRegistration:
                    if (!await DeregisterAsync(pool, action, cancellationToken))
                    {
                        return false;
                    }

                    break;
                case ReconcileActionKind.AdoptVm:
                    if (await capacity.ClaimAsync(pool.Name, action.Name, action.JobId, int.MaxValue, cancellationToken) != ClaimResult.Claimed)
                    {
                        return false;
                    }

                    if (action.RunnerId is not null && await capacity.GetRunnerAsync(pool.Name, action.Name, cancellationToken) is { } adopted)
                    {
                        await capacity.TryUpdateRunnerAsync(adopted with { RunnerId = action.RunnerId }, cancellationToken);
                    }

                    break;
                case ReconcileActionKind.ReleaseCapacity:
                    if (!await ReleaseRowWithoutVmAsync(pool, action, cancellationToken))
                    {
                        return false;
                    }

                    break;
                case ReconcileActionKind.ReleaseKeptCapacity:
                    if (!await ReleaseUnchangedRowAsync(pool, action, cancellationToken))
                    {
                        return false;
                    }

                    break;
                case ReconcileActionKind.ShelveStandbyVm:
                    await standby.ShelveAsync(pool, action.Name, cancellationToken);
                    break;
                case ReconcileActionKind.ClearUserData:
                    await standby.ClearUserDataAsync(pool, action.Name, cancellationToken);
                    break;
                case ReconcileActionKind.CreateStandbyVm:
                    if (await capacity.ClaimAsync(pool.Name, action.Name, 0, pool.MaxRunners, cancellationToken) != ClaimResult.Claimed)
                    {
                        return false;
                    }

                    try
                    {
                        await standby.PrepareAsync(pool, action.Name, cancellationToken);
                    }
                    catch
                    {
                        await capacity.ReleaseAsync(pool.Name, action.Name, CancellationToken.None);
                        throw;
                    }

                    break;
                case ReconcileActionKind.CreateWarmRunner:
                    if (await capacity.ClaimAsync(pool.Name, action.Name, 0, pool.MaxRunners, cancellationToken) != ClaimResult.Claimed)
                    {
                        return false;
                    }

                    try
                    {
                        await provisioner.ProvisionAsync(pool, action.Name, 0, null, cancellationToken);
                    }
                    catch
                    {
                        await capacity.ReleaseAsync(pool.Name, action.Name, CancellationToken.None);
                        throw;
                    }

                    break;
            }

            ReconcileLog.Action(logger, pool.Name, action.Kind, action.Name, action.Reason);
            await requeue.RequeueAsync(pool.Name, madeFor, cancellationToken);
            return true;
        }
        catch (AdapterException ex)
        {
            ReconcileLog.ActionFailed(logger, ex, pool.Name, action.Kind, action.Name);
            return false;
        }
    }

    /// <summary>False when the runner took a job meanwhile: GitHub refuses to delete a busy runner, and it is kept.</summary>
    private async Task<bool> DeregisterAsync(PoolOptions pool, ReconcileAction action, CancellationToken cancellationToken)
    {
        try
        {
            await github.DeleteRunnerAsync(RunnerTarget.For(pool), action.RunnerId!.Value, cancellationToken);
            return true;
        }
        catch (AdapterException ex) when (ex.Kind == FailureKind.Conflict)
        {
            ReconcileLog.KeptBusy(logger, pool.Name, action.Name);
            return false;
        }
    }

    /// <summary>
    /// The snapshot may predate a create Azure accepted since (its VM list was read before the PUT) or a processor's
    /// update of the row: the row is released only if Azure has no VM of that name now and the row is unchanged.
    /// </summary>
    private async Task<bool> ReleaseRowWithoutVmAsync(PoolOptions pool, ReconcileAction action, CancellationToken cancellationToken)
    {
        if (await vms.GetCreateStatusAsync(pool.ScaleSetId, action.Name, cancellationToken) is { State: not VmCreateState.Gone })
        {
            ReconcileLog.RowKept(logger, pool.Name, action.Name, "Azure has a VM of that name now");
            return false;
        }

        return await ReleaseUnchangedRowAsync(pool, action, cancellationToken);
    }

    private async Task<bool> ReleaseUnchangedRowAsync(PoolOptions pool, ReconcileAction action, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(action.RowETag);
        if (await capacity.ReleaseIfUnchangedAsync(pool.Name, action.Name, action.RowETag, cancellationToken))
        {
            return true;
        }

        ReconcileLog.RowKept(logger, pool.Name, action.Name, "the row changed since it was read, or is gone");
        return false;
    }

    /// <summary>The kept VM is stopped and tagged; its capacity goes back to the pool.</summary>
    private async Task KeepVmAsync(PoolOptions pool, ReconcileAction action, CancellationToken cancellationToken)
    {
        await vms.KeepAsync(pool.ScaleSetId, action.Name, RunnerTags.ForKept(time.GetUtcNow(), action.Reason), cancellationToken);
        if (await capacity.ReleaseAsync(pool.Name, action.Name, cancellationToken))
        {
            metrics.RunnerReleased(pool.Name);
        }
    }

    private async Task DeleteVmAsync(PoolOptions pool, string name, CancellationToken cancellationToken)
    {
        await vms.DeleteAsync(pool.ScaleSetId, name, cancellationToken);
        if (await capacity.ReleaseAsync(pool.Name, name, cancellationToken))
        {
            metrics.RunnerReleased(pool.Name);
        }
    }
}
