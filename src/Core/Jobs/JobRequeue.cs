using Microsoft.Extensions.Logging;
using Scaler.Core.State;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Jobs;

/// <summary>
/// A VM made for a job that never ran it (it did not boot, or it died while idle) leaves that job waiting
/// with no runner coming. If the job is still only provisioned, it goes back to <c>Queued</c> and a new
/// <c>queued</c> message gives it a fresh VM, under a new name (the old VM may be kept for investigation). After
/// <see cref="MaxRequeues"/> lost VMs the job is <c>Failed</c> instead: its VMs keep dying, or it no longer exists.
/// </summary>
public sealed partial class JobRequeue(IJobStore jobs, IJobQueue queue, TimeProvider time, ILogger<JobRequeue> logger)
{
    public const int MaxRequeues = 3;

    public async Task<bool> RequeueAsync(string pool, long jobId, CancellationToken cancellationToken)
    {
        if (jobId == 0 || await jobs.GetAsync(pool, jobId, cancellationToken) is not { State: JobState.Provisioned } job)
        {
            return false;
        }

        if (job.Requeues >= MaxRequeues)
        {
            var failure = $"{job.Requeues + 1} VMs made for it were lost before a runner took it";
            if (await jobs.TryUpdateAsync(job with { State = JobState.Failed, Failure = failure }, cancellationToken) is not null)
            {
                LogGaveUp(logger, jobId, pool, failure);
            }

            return false;
        }

        if (await jobs.TryUpdateAsync(job with { State = JobState.Queued, VmName = null, Requeues = job.Requeues + 1 }, cancellationToken) is null)
        {
            return false;
        }

        await queue.EnqueueAsync(JobMessages.FromRecord(job, JobAction.Queued, time.GetUtcNow()), cancellationToken);
        LogRequeued(logger, jobId, pool);
        return true;
    }

    [LoggerMessage(EventId = 1505, EventName = "JobRequeued", Level = LogLevel.Warning,
        Message = "Job {JobId} in pool {Pool} lost its VM before a runner took it; queued again for a new VM")]
    private static partial void LogRequeued(ILogger logger, long jobId, string pool);

    [LoggerMessage(EventId = 1509, EventName = "JobRequeueGaveUp", Level = LogLevel.Error,
        Message = "Job {JobId} in pool {Pool} is marked Failed: {Failure}")]
    private static partial void LogGaveUp(ILogger logger, long jobId, string pool, WorkflowText failure);
}
