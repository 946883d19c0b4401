using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.State;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Jobs;

/// <summary>
/// <c>in_progress</c> records which runner took a job and how long it waited; <c>completed</c> deletes the
/// VM that ran it and releases its capacity. The runner that takes a job is any idle runner with the labels,
/// so the VM to delete is found by <c>runner_name</c>, never by the job id. A name is not proof: anyone who may
/// register a runner where the webhook's jobs run can give it a VM's name, so an event acts on a VM only when
/// Scaler holds a record of it and the event's <c>runner_id</c> is the id Scaler registered for it (see
/// <see cref="FindRunnerAsync"/>). Both converge when repeated or reordered: a job's state only moves forward.
/// </summary>
public sealed class JobProgressHandler(
    IJobStore jobs,
    ICapacity capacity,
    IRunnerVms vms,
    StandbyVms standby,
    IGitHubRunners github,
    IOptions<ScalerOptions> pools,
    JobRequeue requeue,
    ScalerMetrics metrics,
    ILogger<JobProgressHandler> logger)
{
    public async Task<JobResult> HandleInProgressAsync(JobMessage message, PoolOptions pool, CancellationToken cancellationToken)
    {
        var job = await AdvanceAsync(message, pool, JobState.InProgress, cancellationToken);
        var wait = message.StartedAt - message.CreatedAt;
        if (job.Moved && wait is { } waited)
        {
            metrics.JobWaited(waited, pool.Name);
        }

        JobLog.Started(logger, message.JobId, message.RunnerName, wait);
        var runner = await FindRunnerAsync(message, cancellationToken);
        if (runner.Record is { } record && record.State != RunnerState.Busy
            && await capacity.TryUpdateRunnerAsync(record with { State = RunnerState.Busy, RunningJobId = message.JobId }, cancellationToken))
        {
            await HandOverAsync(pool, runner.Pool!, record, message.JobId, cancellationToken);
        }

        if (runner.Record is { UserDataSet: true } started)
        {
            await ClearUserDataAsync(runner.Pool!, started.VmName, cancellationToken);
        }

        return new JobResult(job.Moved ? JobOutcome.Recorded : JobOutcome.Duplicate, $"runner {message.RunnerName}");
    }

    public async Task<JobResult> HandleCompletedAsync(JobMessage message, PoolOptions pool, CancellationToken cancellationToken)
    {
        var job = await AdvanceAsync(message, pool, JobState.Completed, cancellationToken);
        if (job.Moved && message.CompletedAt - message.StartedAt is { } ran && message.RunnerName is not null)
        {
            metrics.JobRan(ran, pool.Name);
        }

        var runner = await FindRunnerAsync(message, cancellationToken);
        if (runner.Pool is not { } runnerPool)
        {
            JobLog.NotOurs(logger, message.JobId, message.Conclusion, message.RunnerName);
            return new JobResult(JobOutcome.Recorded, message.RunnerName is null ? "completed before a runner took it" : "runner is not Scaler's");
        }

        if (runner.Mismatch)
        {
            return new JobResult(JobOutcome.Recorded, $"runner {message.RunnerName} is not the runner Scaler registered for that VM");
        }

        // No record: the VM was released already (a repeated or late event), or Scaler never made it.
        if (runner.Record is null)
        {
            return new JobResult(JobOutcome.Duplicate, $"VM {message.RunnerName} already deleted");
        }

        bool deleted;
        using (JobTrace.StartStep("vm delete", message.JobId, message.RunnerName!))
        {
            deleted = await vms.DeleteAsync(runnerPool.ScaleSetId, message.RunnerName!, cancellationToken);
        }

        // The VM was gone before its job completed, and the job failed: a Spot eviction took it. Asked before the
        // capacity row goes: should the request fail, the message is tried again and finds the row, so it asks again.
        if (!deleted && message.Conclusion == "failure" && runnerPool.RerunOnEviction)
        {
            await RerunOnceAsync(job.Record, message, cancellationToken);
        }

        // Unless the create watcher started another attempt under the row meanwhile (a VM reported Failed after its
        // runner ran): the VM that attempt makes keeps the unit, and is removed as any idle runner is.
        var released = await capacity.ReleaseUnlessCreateStartedSinceAsync(runner.Record, cancellationToken);
        if (!deleted && !released)
        {
            return new JobResult(JobOutcome.Duplicate, $"VM {message.RunnerName} already deleted");
        }

        if (released)
        {
            metrics.RunnerReleased(runnerPool.Name);
        }

        JobLog.VmDeleted(logger, message.JobId, message.Conclusion, message.RunnerName!, runnerPool.Name);
        return new JobResult(JobOutcome.VmDeleted, $"VM {message.RunnerName}");
    }

    /// <summary>
    /// The VM the event's runner is, as far as Scaler's records say: its pool by name, its record, and whether the
    /// event's runner id is the one registered for it. A name in no pool is not Scaler's (<see cref="RunnerMatch.Pool"/>
    /// null); a name with no record has no VM to act on; a record whose id differs from the event's (or an event without
    /// an id: GitHub sends none for a job cancelled before a runner took it) is a <see cref="RunnerMatch.Mismatch"/>,
    /// logged, and the VM is left alone. Lost-webhook recovery carries the id GitHub reports for the job, a hand-over
    /// the id of the VM that took the job, a warm runner the id it was registered with: all match.
    /// </summary>
    private async Task<RunnerMatch> FindRunnerAsync(JobMessage message, CancellationToken cancellationToken)
    {
        if (VmNames.PoolOf(message.RunnerName, pools.Value.Pools) is not { } runnerPool)
        {
            return new RunnerMatch(null, null, Mismatch: false);
        }

        var record = await capacity.GetRunnerAsync(runnerPool.Name, message.RunnerName!, cancellationToken);
        if (record is null)
        {
            return new RunnerMatch(runnerPool, null, Mismatch: false);
        }

        if (record.RunnerId is not { } registered || message.RunnerId != registered)
        {
            JobLog.RunnerMismatch(logger, message.JobId, message.Action, message.RunnerName!, message.RunnerId, record.RunnerId, runnerPool.Name);
            return new RunnerMatch(runnerPool, null, Mismatch: true);
        }

        return new RunnerMatch(runnerPool, record, Mismatch: false);
    }

    /// <summary>
    /// A runner that took a job has read its JIT config: the standby VM's <c>userData</c> that held it is cleared. A
    /// failure is left to the reconciler, which clears it for every online runner whose row says it is set.
    /// </summary>
    private async Task ClearUserDataAsync(PoolOptions pool, string vmName, CancellationToken cancellationToken)
    {
        try
        {
            await standby.ClearUserDataAsync(pool, vmName, cancellationToken);
        }
        catch (AdapterException ex) when (ex.Adapter == AdapterName.Compute)
        {
            JobLog.UserDataNotCleared(logger, ex, vmName, pool.Name);
        }
    }

    /// <summary>The pool whose VM name the event's runner has, and Scaler's record of that VM when the event's runner is it.</summary>
    private readonly record struct RunnerMatch(PoolOptions? Pool, RunnerRecord? Record, bool Mismatch);

    /// <summary>
    /// A runner takes any queued job with its labels, not necessarily the one its VM was made for. When job Y
    /// starts on a VM made for job X, the idle or booting VM that stands for Y now stands for X: should it die
    /// unused, X is the job to requeue. Without such a VM, X has no runner coming and is requeued now. Found by
    /// <see cref="RunnerRecord.ForJobId"/>, so chains (Y's VM already taken by Z) resolve in any event order.
    /// </summary>
    private async Task HandOverAsync(PoolOptions jobPool, PoolOptions runnerPool, RunnerRecord runner, long startedJob, CancellationToken cancellationToken)
    {
        var madeFor = runner.ForJobId;
        if (madeFor == startedJob)
        {
            return;
        }

        for (var attempt = 0; attempt < 3 && (madeFor == 0 || jobPool == runnerPool); attempt++)
        {
            var spare = (await capacity.ListRunnersAsync(jobPool.Name, cancellationToken))
                .FirstOrDefault(r => r.ForJobId == startedJob && r.State != RunnerState.Busy && r.VmName != runner.VmName);
            if (spare is null)
            {
                break;
            }

            if (await capacity.TryUpdateRunnerAsync(spare with { ForJobId = madeFor }, cancellationToken))
            {
                JobLog.HandedOver(logger, startedJob, runner.VmName, madeFor, spare.VmName);
                return;
            }
        }

        if (madeFor != 0)
        {
            await requeue.RequeueAsync(runnerPool.Name, madeFor, cancellationToken);
        }
    }

    private async Task RerunOnceAsync(JobRecord job, JobMessage message, CancellationToken cancellationToken)
    {
        if (job.Rerun)
        {
            return;
        }

        // Asked first and recorded after: a failed request is retried with the message; GitHub refuses a second
        // re-run of the same job, so a retry after a lost record cannot run it twice. A refusal (re-run already,
        // or not allowed) will not change when asked again: it is logged and recorded, so the message can end.
        try
        {
            await github.RerunJobAsync(new RunnerTarget(RunnerScope.Repo, message.Repository, message.InstallationId), message.JobId, cancellationToken);
            JobLog.Rerun(logger, message.JobId, message.Repository, message.RunnerName!);
        }
        catch (AdapterException e) when (!e.IsTransient)
        {
            JobLog.RerunRefused(logger, e, message.JobId, message.Repository, e.Kind);
        }

        await jobs.TryUpdateAsync(job with { Rerun = true }, cancellationToken);
    }

    /// <summary>Moves the job record forward to <paramref name="state"/> (never backwards), filling in what the event knows.</summary>
    private async Task<(JobRecord Record, bool Moved)> AdvanceAsync(JobMessage message, PoolOptions pool, JobState state, CancellationToken cancellationToken)
    {
        while (true)
        {
            var job = await jobs.GetAsync(pool.Name, message.JobId, cancellationToken);
            var next = (job ?? new JobRecord { Pool = pool.Name, JobId = message.JobId, Repository = message.Repository, Visibility = message.Visibility }) with
            {
                CreatedAt = job?.CreatedAt ?? message.CreatedAt,
                StartedAt = job?.StartedAt ?? message.StartedAt,
                RunnerName = message.RunnerName ?? job?.RunnerName,
                CompletedAt = state == JobState.Completed ? message.CompletedAt : job?.CompletedAt,
                Conclusion = state == JobState.Completed ? message.Conclusion : job?.Conclusion,
                LeaseUntil = job?.State == JobState.Provisioning ? job.LeaseUntil : null,
            };
            var moved = job is null || job.State < state || job.State == JobState.Failed;
            if (moved)
            {
                next = next with { State = state };
            }
            else if (next == job)
            {
                JobLog.Duplicate(logger, message.JobId, message.Action, pool.Name, job.State);
                return (job, false);
            }

            var saved = job is null ? await jobs.TryAddAsync(next, cancellationToken) : await jobs.TryUpdateAsync(next, cancellationToken);
            if (saved is not null)
            {
                return (saved, moved);
            }
        }
    }
}
