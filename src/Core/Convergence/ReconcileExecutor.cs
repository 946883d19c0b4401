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

                    await DeleteVmAsync(pool, action, cancellationToken);
                    break;
                case ReconcileActionKind.DeleteVm:
                    await DeleteVmAsync(pool, action, cancellationToken);
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
        var row = action.Row ?? throw new ArgumentException($"{action.Kind} needs the row as the snapshot read it.", nameof(action));
        if (await capacity.ReleaseIfUnchangedAsync(pool.Name, action.Name, row.ETag, cancellationToken))
        {
            return true;
        }

        await LogRowKeptAsync(pool, action, "the row changed since it was read", cancellationToken);
        return false;
    }

    /// <summary>The row of a VM the action removed, unless a create was started under it since the snapshot (when it carries the row).</summary>
    private async Task ReleaseRemovedVmsRowAsync(PoolOptions pool, ReconcileAction action, CancellationToken cancellationToken)
    {
        var released = action.Row is { } row
            ? await capacity.ReleaseUnlessCreateStartedSinceAsync(row, cancellationToken)
            : await capacity.ReleaseAsync(pool.Name, action.Name, cancellationToken);
        if (released)
        {
            metrics.RunnerReleased(pool.Name);
        }
        else if (action.Row is not null)
        {
            await LogRowKeptAsync(pool, action, "a create was started under it since it was read", cancellationToken);
        }
    }

    /// <summary>Logs the row kept, if there is one: a row released meanwhile by another path is not news.</summary>
    private async Task LogRowKeptAsync(PoolOptions pool, ReconcileAction action, string reason, CancellationToken cancellationToken)
    {
        if (await capacity.GetRunnerAsync(pool.Name, action.Name, cancellationToken) is not null)
        {
            ReconcileLog.RowKept(logger, pool.Name, action.Name, reason);
        }
    }

    /// <summary>The kept VM is stopped and tagged; its capacity goes back to the pool.</summary>
    private async Task KeepVmAsync(PoolOptions pool, ReconcileAction action, CancellationToken cancellationToken)
    {
        await vms.KeepAsync(pool.ScaleSetId, action.Name, RunnerTags.ForKept(time.GetUtcNow(), action.Reason), cancellationToken);
        await ReleaseRemovedVmsRowAsync(pool, action, cancellationToken);
    }

    private async Task DeleteVmAsync(PoolOptions pool, ReconcileAction action, CancellationToken cancellationToken)
    {
        await vms.DeleteAsync(pool.ScaleSetId, action.Name, cancellationToken);
        await ReleaseRemovedVmsRowAsync(pool, action, cancellationToken);
    }
}
