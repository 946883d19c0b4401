using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.State;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Jobs;

/// <summary>
/// A queued job becomes one VM: take the job's lease, check that the pool's runner group serves the job's
/// repository, start a standby VM if the pool has one free (<see cref="StandbyServe"/>), else claim a unit of the pool's capacity, then let the <see cref="RunnerProvisioner"/> register the
/// runner and start the VM's create. The message is done once Azure accepted the create: a watch message
/// (<see cref="CreateWatchHandler"/>) sees it to its end. Every step is idempotent, so a retried or redelivered
/// message converges on the same VM.
/// </summary>
public sealed class QueuedJobHandler(
    IJobStore jobs,
    ICapacity capacity,
    RunnerProvisioner provisioner,
    RunnerGroupAccessCache runnerGroups,
    StandbyServe standby,
    IJobQueue queue,
    IOptions<ProvisioningOptions> options,
    ScalerMetrics metrics,
    TimeProvider time,
    ILogger<QueuedJobHandler> logger)
{
    public async Task<JobResult> HandleAsync(JobMessage message, PoolOptions pool, CancellationToken cancellationToken)
    {
        var lease = await TakeLeaseAsync(message, pool, cancellationToken);
        if (lease.Result is not null)
        {
            return lease.Result;
        }

        var job = lease.Job!;
        if (await RefuseAsync(message, pool, job, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (fromStandby, current) = await standby.TryAsync(message, pool, job, cancellationToken);
        if (fromStandby is not null)
        {
            return fromStandby;
        }

        job = current;
        var vmName = job.VmName!;
        var claim = await capacity.ClaimAsync(pool.Name, vmName, message.JobId, pool.MaxRunners, cancellationToken);
        if (claim == ClaimResult.PoolFull)
        {
            await jobs.TryUpdateAsync(job with { State = JobState.Queued, LeaseUntil = null }, cancellationToken);
            return await DeferAsync(message, pool, options.Value.PoolFullRetryDelay, $"pool full ({pool.MaxRunners} runners)", cancellationToken);
        }

        try
        {
            // The processor lets go of the message once Azure accepted the create: the watch message sees it through.
            var attempt = await provisioner.StartAsync(pool, vmName, message.JobId, message.InstallationId, cancellationToken);
            await queue.DeferAsync(JobMessages.ForCreateWatch(job, vmName, time.GetUtcNow()), options.Value.CreateWatchDelay, cancellationToken);
            await jobs.TryUpdateAsync(job with { State = JobState.Provisioned, LeaseUntil = null }, cancellationToken);
            return new JobResult(JobOutcome.Provisioned, $"VM {vmName} requested ({pool.VmSizes[attempt.SizeIndex]}, spot {attempt.Spot})");
        }
        catch (AdapterException ex) when (ex.Adapter is AdapterName.GitHub or AdapterName.Compute)
        {
            await capacity.ReleaseAsync(pool.Name, vmName, cancellationToken);
            return await HandleFailureAsync(ex, message, pool, job, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage failures (and anything unforeseen) are not the job's fault: it stays queued and the message is retried.
            await capacity.ReleaseAsync(pool.Name, vmName, cancellationToken);
            await jobs.TryUpdateAsync(job with { State = JobState.Queued, LeaseUntil = null }, cancellationToken);
            throw;
        }
    }

    /// <summary>The leased job has its <see cref="JobRecord.VmName"/> set: a requeued job's VM gets a name of its own.</summary>
    private async Task<(JobResult? Result, JobRecord? Job)> TakeLeaseAsync(JobMessage message, PoolOptions pool, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = time.GetUtcNow();
            var job = await jobs.GetAsync(pool.Name, message.JobId, cancellationToken)
                ?? await jobs.TryAddAsync(new JobRecord { Pool = pool.Name, JobId = message.JobId, Repository = message.Repository, Visibility = message.Visibility, RunId = message.RunId, InstallationId = message.InstallationId, CreatedAt = message.CreatedAt }, cancellationToken);
            if (job is null)
            {
                continue;
            }

            if (job.State is JobState.Provisioned or JobState.InProgress or JobState.Completed or JobState.Failed)
            {
                JobLog.Duplicate(logger, message.JobId, message.Action, pool.Name, job.State);
                return (new JobResult(JobOutcome.Duplicate, $"job is {job.State}"), null);
            }

            if (job.State == JobState.Provisioning && job.LeaseUntil > now)
            {
                var wait = job.LeaseUntil.Value - now + TimeSpan.FromSeconds(1);
                return (await DeferAsync(message, pool, wait, "another processor is provisioning it", cancellationToken), null);
            }

            var vmName = VmNames.ForJob(pool.Name, message.JobId, job.Requeues);
            var leased = await jobs.TryUpdateAsync(job with { State = JobState.Provisioning, LeaseUntil = now + options.Value.LeaseDuration, VmName = vmName, Visibility = job.Visibility ?? message.Visibility }, cancellationToken);
            if (leased is not null)
            {
                return (null, leased);
            }
        }

        return (await DeferAsync(message, pool, TimeSpan.FromSeconds(1), "the job record is contended", cancellationToken), null);
    }

    /// <summary>
    /// A job the pool's runner group will never give its runners gets no VM: it would idle until <c>IdleTimeout</c>,
    /// then be requeued for another, up to <see cref="JobRequeue.MaxRequeues"/> times. The job is marked Failed with
    /// the reason instead. When the group cannot be read, the job is provisioned as if it could be served.
    /// </summary>
    private async Task<JobResult?> RefuseAsync(JobMessage message, PoolOptions pool, JobRecord job, CancellationToken cancellationToken)
    {
        if (pool.RunnerScope == RunnerScope.Repo)
        {
            return null;
        }

        var lookup = await runnerGroups.GetAsync(RunnerTarget.For(pool, message.InstallationId), pool.RunnerGroupId, cancellationToken);
        if (lookup.Access is null)
        {
            JobLog.RunnerGroupUnread(logger, message.JobId, pool.Name, pool.RunnerGroupId, lookup.Failure ?? "");
            return null;
        }

        if (lookup.Access.Refuses(pool.RunnerScope, job.Repository, job.Visibility ?? message.Visibility) is not { } reason)
        {
            return null;
        }

        JobLog.RefusedByRunnerGroup(logger, message.JobId, pool.Name, job.Repository, reason);
        metrics.ProvisioningFailed("runner group refuses the repository", pool.Name);
        await jobs.TryUpdateAsync(job with { State = JobState.Failed, LeaseUntil = null, VmName = null, Failure = reason }, cancellationToken);
        return new JobResult(JobOutcome.Failed, reason);
    }

    /// <summary>
    /// What a GitHub or Azure failure means for the job, as <see cref="ProvisioningFailures"/> decides: put back after a
    /// delay, retried at once (the exception goes to the queue), or failed for good.
    /// </summary>
    private async Task<JobResult> HandleFailureAsync(AdapterException ex, JobMessage message, PoolOptions pool, JobRecord job, CancellationToken cancellationToken)
    {
        var (retryAfter, reason) = ProvisioningFailures.Classify(ex, options.Value);
        metrics.ProvisioningFailed(reason, pool.Name);
        if (retryAfter is null)
        {
            JobLog.Failed(logger, ex, message.JobId, pool.Name, reason);
            await jobs.TryUpdateAsync(job with { State = JobState.Failed, LeaseUntil = null, Failure = reason }, cancellationToken);
            return new JobResult(JobOutcome.Failed, reason);
        }

        JobLog.AttemptFailed(logger, ex, message.JobId, pool.Name, reason);
        await jobs.TryUpdateAsync(job with { State = JobState.Queued, LeaseUntil = null }, cancellationToken);
        if (retryAfter == TimeSpan.Zero)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex);
        }

        return await DeferAsync(message, pool, retryAfter.Value, reason, cancellationToken);
    }

    private async Task<JobResult> DeferAsync(JobMessage message, PoolOptions pool, TimeSpan delay, string reason, CancellationToken cancellationToken)
    {
        JobLog.Deferred(logger, message.JobId, pool.Name, delay, reason);
        await queue.DeferAsync(message, delay, cancellationToken);
        return new JobResult(JobOutcome.Deferred, reason);
    }
}
