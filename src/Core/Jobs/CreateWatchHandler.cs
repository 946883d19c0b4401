using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.Failures;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.State;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Jobs;

/// <summary>
/// Sees a started VM create (<see cref="JobAction.CreateStarted"/>) to its end: still creating or retried at another
/// size or priority, it reads again later; created, the job waits for its runner as before; failed for good, the VM's
/// capacity goes back and the job is deferred or failed by the rules the processor applies
/// (<see cref="ProvisioningFailures"/>). A lost watch message leaves the VM to the reconciler's rules (boot timeout,
/// registration without a VM, capacity without VM or registration).
/// </summary>
public sealed class CreateWatchHandler(
    RunnerProvisioner provisioner,
    IJobStore jobs,
    ICapacity capacity,
    IJobQueue queue,
    IOptions<ProvisioningOptions> options,
    ScalerMetrics metrics,
    TimeProvider time,
    ILogger<CreateWatchHandler> logger)
{
    public async Task<JobResult> HandleAsync(JobMessage message, PoolOptions pool, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.RunnerName))
        {
            return new JobResult(JobOutcome.Dropped, "the watch message names no VM");
        }

        var vmName = message.RunnerName;
        CreateWatch watch;
        try
        {
            watch = await provisioner.WatchAsync(pool, vmName, message.InstallationId, cancellationToken);
        }
        catch (AdapterException ex) when (ex.Kind == FailureKind.Throttled)
        {
            return await WatchAgainAsync(message, pool, ex.RetryAfter ?? TimeSpan.FromSeconds(30), "throttled", cancellationToken);
        }

        var record = watch.Record;
        switch (watch.Progress)
        {
            case CreateProgress.Creating:
                var since = time.GetUtcNow() - (record!.CreateStartedAt ?? record.ClaimedAt);
                return await WatchAgainAsync(message, pool, options.Value.NextCreateRead(since), "still creating", cancellationToken);
            case CreateProgress.Retried:
                return await WatchAgainAsync(message, pool, options.Value.CreateWatchDelay, "failed; the next attempt was started", cancellationToken);
            case CreateProgress.Created:
                metrics.VmProvisioned(time.GetUtcNow() - record!.ClaimedAt, pool.Name);
                return new JobResult(JobOutcome.Provisioned, $"VM {vmName} created");
            case CreateProgress.Failed:
                if (await capacity.ReleaseAsync(pool.Name, vmName, cancellationToken))
                {
                    metrics.RunnerReleased(pool.Name);
                }

                return await FailAsync(watch.Failure!, record!.ForJobId, vmName, pool, cancellationToken);
            default:
                JobLog.CreateNotWatched(logger, vmName, pool.Name, record?.State);
                return new JobResult(JobOutcome.Duplicate, $"VM {vmName} has no create to watch");
        }
    }

    /// <summary>The job the VM was made for goes back to the queue after the rules' delay, or fails for good.</summary>
    private async Task<JobResult> FailAsync(AdapterException ex, long jobId, string vmName, PoolOptions pool, CancellationToken cancellationToken)
    {
        var (retryAfter, reason) = ProvisioningFailures.Classify(ex, options.Value);
        metrics.ProvisioningFailed(reason, pool.Name);
        var job = jobId == 0 ? null : await jobs.GetAsync(pool.Name, jobId, cancellationToken);
        if (job is not { State: JobState.Provisioned } || job.VmName != vmName)
        {
            // The job moved on (another runner took it, or it ended): it waits for no VM.
            return new JobResult(JobOutcome.Dropped, $"VM {vmName} failed ({reason}); its job no longer waits for it");
        }

        if (retryAfter is null)
        {
            JobLog.Failed(logger, ex, jobId, pool.Name, reason);
            await jobs.TryUpdateAsync(job with { State = JobState.Failed, LeaseUntil = null, Failure = reason }, cancellationToken);
            return new JobResult(JobOutcome.Failed, reason);
        }

        JobLog.AttemptFailed(logger, ex, jobId, pool.Name, reason);
        if (await jobs.TryUpdateAsync(job with { State = JobState.Queued, LeaseUntil = null }, cancellationToken) is null)
        {
            return new JobResult(JobOutcome.Dropped, $"VM {vmName} failed ({reason}); the job changed meanwhile");
        }

        JobLog.Deferred(logger, jobId, pool.Name, retryAfter.Value, reason);
        await queue.DeferAsync(JobMessages.FromRecord(job, JobAction.Queued, time.GetUtcNow()), retryAfter.Value, cancellationToken);
        return new JobResult(JobOutcome.Deferred, reason);
    }

    private async Task<JobResult> WatchAgainAsync(JobMessage message, PoolOptions pool, TimeSpan delay, string reason, CancellationToken cancellationToken)
    {
        await queue.DeferAsync(message, delay, cancellationToken);
        return new JobResult(JobOutcome.Deferred, $"VM {message.RunnerName} {reason}; read again in {delay.TotalSeconds:0} s");
    }
}
