using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.State;

namespace Scaler.Core.Convergence;

/// <summary>
/// Compares each pool's VMs, GitHub's runners and the capacity rows, then acts on the
/// <see cref="ReconcilePlanner"/>'s plan. A pool that cannot be read is skipped this run; an action that
/// fails is tried again next run. Then jobs left without a runner are repaired (<see cref="StalledJobs"/>), old job
/// records are swept (<see cref="JobRetention"/>), and failed webhook deliveries are redelivered (<see cref="LostWebhookRecovery"/>).
/// </summary>
public sealed class Reconciler(
    IOptions<ScalerOptions> pools,
    IOptions<ProvisioningOptions> provisioning,
    IRunnerVms vms,
    IGitHubRunners github,
    ICapacity capacity,
    RunnerProvisioner provisioner,
    IRunnerReleases releases,
    LostWebhookRecovery lostWebhooks,
    StalledJobs stalledJobs,
    JobRetention retention,
    JobRequeue requeue,
    Telemetry.ScalerMetrics metrics,
    TimeProvider time,
    ILogger<Reconciler> logger)
{
    public async Task<IReadOnlyList<ReconcileAction>> ReconcileAsync(CancellationToken cancellationToken)
    {
        var done = new List<ReconcileAction>();
        foreach (var pool in pools.Value.Pools)
        {
            try
            {
                var snapshot = await SnapshotAsync(pool, cancellationToken);
                var unavailable = snapshot.Runners.Where(r => r.Busy).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var action in ReconcilePlanner.Plan(snapshot, provisioning.Value))
                {
                    if (await ApplyAsync(pool, action, cancellationToken))
                    {
                        done.Add(action);
                        if (action.Kind is not (ReconcileActionKind.MarkOnline or ReconcileActionKind.CreateWarmRunner or ReconcileActionKind.AdoptVm))
                        {
                            unavailable.Add(action.Name);
                        }
                    }
                }

                await stalledJobs.RepairAsync(pool, unavailable, cancellationToken);
            }
            catch (Exception ex) when (ex is GitHubException or ComputeException or Azure.RequestFailedException)
            {
                ReconcileLog.PoolFailed(logger, ex, pool.Name);
            }
        }

        await retention.SweepAsync(cancellationToken);
        try
        {
            await lostWebhooks.RecoverAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is GitHubException or Azure.RequestFailedException)
        {
            ReconcileLog.RecoveryFailed(logger, ex);
        }

        return done;
    }

    private async Task<PoolSnapshot> SnapshotAsync(PoolOptions pool, CancellationToken cancellationToken)
    {
        var all = pools.Value.Pools;
        var runners = (await github.ListRunnersAsync(RunnerTarget.For(pool), cancellationToken)).Where(r => VmNames.PoolOf(r.Name, all) == pool).ToList();
        var machines = (await vms.ListAsync(pool.ScaleSetId, cancellationToken)).Where(v => v.Tags.TryGetValue(RunnerTags.Pool, out var p) && p == pool.Name).ToList();

        // Rows last: a runner or VM being provisioned has its row by then. (A VM deleted and released in between looks
        // rowless and is adopted; its new row has neither VM nor registration and is released after the lease.)
        var records = await capacity.ListRunnersAsync(pool.Name, cancellationToken);
        var current = (await releases.GetCurrentAsync(pool, cancellationToken)).Version;
        return new PoolSnapshot(pool, machines, runners, records, current, time.GetUtcNow());
    }

    private async Task<bool> ApplyAsync(PoolOptions pool, ReconcileAction action, CancellationToken cancellationToken)
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
                    await capacity.ReleaseAsync(pool.Name, action.Name, cancellationToken);
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
        catch (Exception ex) when (ex is GitHubException or ComputeException or Azure.RequestFailedException)
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
        catch (GitHubException ex) when (ex.Failure == GitHubFailure.RunnerBusy)
        {
            ReconcileLog.KeptBusy(logger, pool.Name, action.Name);
            return false;
        }
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
