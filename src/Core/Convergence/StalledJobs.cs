using Microsoft.Extensions.Logging;
using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Core.State;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Convergence;

/// <summary>
/// A provisioned job waits for a runner, and a capacity row stands for it (<see cref="RunnerRecord.ForJobId"/>) while
/// its VM is idle or booting. A job with no such row (its VM died, was removed, or silently took another job because an
/// <c>in_progress</c> webhook was lost) is an orphan, and Scaler asks GitHub about it: started or finished, the lost
/// events are applied as if their webhooks had arrived. Still waiting, the other waiting jobs are read too (one of them
/// may be the job its VM took), then the orphan gets a spare idle VM (made for a job that no longer waits, or warm) or,
/// failing that, is requeued for a new VM. A pool without orphans costs no GitHub call, and one with orphans at most
/// <see cref="MaxReadsPerRun"/>.
/// <para>
/// A job whose VM's runner is busy at GitHub while Scaler's row for it is not yet <c>Busy</c> is most often no orphan
/// at all: the runner took a job moments ago and its <c>in_progress</c> event is on its way, and that event hands the
/// job over or requeues it without a GitHub read. Such a job is read only when the next run finds it so again (same
/// job, same VM): a lost event is still repaired, one run later, and a pool at its limit, whose VMs are taken all the
/// time, no longer reads its waiting jobs every run.
/// </para>
/// </summary>
public sealed partial class StalledJobs(
    IJobStore jobs,
    ICapacity capacity,
    IGitHubRunners github,
    JobProgressHandler progress,
    JobRequeue requeue,
    TimeProvider time,
    ILogger<StalledJobs> logger)
{
    /// <summary>GitHub reads per pool and run; a larger repair takes several runs.</summary>
    public const int MaxReadsPerRun = 50;

    // Per pool, the (job, VM) pairs the last run found taken at GitHub but not yet at Scaler. Kept in memory: a run on
    // another instance, or after a restart, starts afresh and repairs such a job one run later.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<(long JobId, string VmName)>> takenLastRun = new(StringComparer.Ordinal);

    /// <summary>
    /// Repairs the pool's orphaned jobs; <paramref name="unavailable"/> names VMs that cannot serve a job (busy or
    /// leaving), <paramref name="busyAtGitHub"/> those of them whose runner was busy at GitHub.
    /// </summary>
    public async Task<int> RepairAsync(PoolOptions pool, IReadOnlySet<string> unavailable, IReadOnlySet<string> busyAtGitHub, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(unavailable);
        ArgumentNullException.ThrowIfNull(busyAtGitHub);

        // Jobs first, rows second: a job provisioned before the job list was read has its row by then.
        var waiting = await jobs.ListAsync(pool.Name, JobState.Provisioned, cancellationToken);
        var notBusy = waiting.Count == 0 ? [] : await NotBusyAsync(pool, cancellationToken);
        var rows = notBusy.Where(r => !unavailable.Contains(r.VmName)).ToList();
        var taken = notBusy.Where(r => busyAtGitHub.Contains(r.VmName)).Select(r => (JobId: r.ForJobId, r.VmName)).ToHashSet();
        var previous = takenLastRun.GetValueOrDefault(pool.Name) ?? [];
        takenLastRun[pool.Name] = taken;
        var orphans = waiting
            .Where(j => !rows.Any(r => r.ForJobId == j.JobId))
            .Where(j => !taken.Any(t => t.JobId == j.JobId && !previous.Contains(t)))
            .ToList();
        if (orphans.Count == 0)
        {
            return 0;
        }

        var reads = 0;
        var queued = new List<JobRecord>();
        foreach (var job in orphans.OrderBy(j => j.CreatedAt).Take(MaxReadsPerRun))
        {
            reads++;
            if (await ApplyAsync(pool, job, cancellationToken) != Found.Started)
            {
                queued.Add(job);
            }
        }

        // The job that took an orphan's VM is most likely an older one: GitHub hands out queued jobs oldest first.
        foreach (var job in waiting.Except(orphans).OrderBy(j => j.CreatedAt))
        {
            if (queued.Count == 0 || reads++ >= MaxReadsPerRun)
            {
                break;
            }

            if (await ApplyAsync(pool, job, cancellationToken) == Found.Started)
            {
                var served = (await AvailableAsync(pool, unavailable, cancellationToken)).Select(r => r.ForJobId).ToHashSet();
                queued.RemoveAll(j => served.Contains(j.JobId));
            }
        }

        if (queued.Count > 0)
        {
            await ServeAsync(pool, queued, unavailable, cancellationToken);
        }

        return orphans.Count;
    }

    private enum Found
    {
        Waiting,
        Started,

        /// <summary>404 or 401/403: deleted, or the credential cannot read the repository. Served as if waiting; <see cref="JobRequeue.MaxRequeues"/> ends it.</summary>
        Unreadable,
    }

    /// <summary>Applies what GitHub knows of the job. Rate limits and transient failures end this run for the pool.</summary>
    private async Task<Found> ApplyAsync(PoolOptions pool, JobRecord job, CancellationToken cancellationToken)
    {
        GitHubJob? found;
        try
        {
            found = await github.GetJobAsync(new RunnerTarget(RunnerScope.Repo, job.Repository, job.InstallationId), job.JobId, cancellationToken);
        }
        catch (AdapterException e) when (e.Kind is FailureKind.NotFound or FailureKind.Unauthorized)
        {
            found = null;
        }

        if (found is null)
        {
            LogUnreadable(logger, job.JobId, pool.Name, job.Repository);
            return Found.Unreadable;
        }

        if (!found.Started)
        {
            return Found.Waiting;
        }

        LogProgressRecovered(logger, job.JobId, pool.Name, found.Status, found.RunnerName);
        await progress.HandleInProgressAsync(JobMessages.FromGitHub(job, found, JobAction.InProgress, time.GetUtcNow()), pool, cancellationToken);
        if (found.Status == "completed")
        {
            await progress.HandleCompletedAsync(JobMessages.FromGitHub(job, found, JobAction.Completed, time.GetUtcNow()), pool, cancellationToken);
        }

        return Found.Started;
    }

    /// <summary>Each job still queued gets a spare VM if one stands for no waiting job, else a new VM.</summary>
    private async Task ServeAsync(PoolOptions pool, List<JobRecord> queued, IReadOnlySet<string> unavailable, CancellationToken cancellationToken)
    {
        var stillWaiting = (await jobs.ListAsync(pool.Name, JobState.Provisioned, cancellationToken)).Select(j => j.JobId).ToHashSet();
        var rows = await AvailableAsync(pool, unavailable, cancellationToken);
        var spares = new Queue<RunnerRecord>(rows.Where(r => !stillWaiting.Contains(r.ForJobId)).OrderBy(r => r.ClaimedAt));
        foreach (var job in queued.Where(j => stillWaiting.Contains(j.JobId) && !rows.Any(r => r.ForJobId == j.JobId)))
        {
            if (spares.TryDequeue(out var spare) && await capacity.TryUpdateRunnerAsync(spare with { ForJobId = job.JobId }, cancellationToken))
            {
                LogSpareAssigned(logger, job.JobId, pool.Name, spare.VmName);
                continue;
            }

            await requeue.RequeueAsync(pool.Name, job.JobId, cancellationToken);
        }
    }

    private async Task<List<RunnerRecord>> AvailableAsync(PoolOptions pool, IReadOnlySet<string> unavailable, CancellationToken cancellationToken) =>
        (await NotBusyAsync(pool, cancellationToken)).Where(r => !unavailable.Contains(r.VmName)).ToList();

    private async Task<List<RunnerRecord>> NotBusyAsync(PoolOptions pool, CancellationToken cancellationToken) =>
        (await capacity.ListRunnersAsync(pool.Name, cancellationToken)).Where(r => r.State != RunnerState.Busy).ToList();

    [LoggerMessage(EventId = 1506, EventName = "JobProgressRecovered", Level = LogLevel.Warning,
        Message = "Job {JobId} in pool {Pool} is {Status} on runner {RunnerName} at GitHub, but its webhook never reached Scaler; applied it now")]
    private static partial void LogProgressRecovered(ILogger logger, long jobId, string pool, string status, WorkflowText runnerName);

    [LoggerMessage(EventId = 1508, EventName = "SpareRunnerAssigned", Level = LogLevel.Information,
        Message = "Job {JobId} in pool {Pool} lost the VM made for it; idle VM {Spare}, made for no waiting job, now stands for it")]
    private static partial void LogSpareAssigned(ILogger logger, long jobId, string pool, string spare);

    [LoggerMessage(EventId = 1507, EventName = "JobUnreadableAtGitHub", Level = LogLevel.Warning,
        Message = "Job {JobId} in pool {Pool} has no runner coming, and GitHub does not show it in {Repository} (deleted, or the credential cannot read the repository); it is served as if still queued")]
    private static partial void LogUnreadable(ILogger logger, long jobId, string pool, WorkflowText repository);
}
