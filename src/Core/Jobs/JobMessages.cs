using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.State;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Jobs;

/// <summary>
/// Every <see cref="JobMessage"/> is made here: from a webhook delivery, from Scaler's own record of a job
/// (a requeue), or from that record and what GitHub says of the job now (a lost webhook applied late).
/// Every message carries the job's trace, so all of a job's work is one trace.
/// </summary>
public static class JobMessages
{
    /// <summary>A verified and routed <c>workflow_job</c> delivery.</summary>
    public static JobMessage FromWebhook(WorkflowJobEvent payload, JobAction action, Guid deliveryId, string pool, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var job = payload.WorkflowJob!;
        return new JobMessage
        {
            DeliveryId = deliveryId,
            Action = action,
            JobId = job.Id,
            RunId = job.RunId,
            RunAttempt = Math.Max(job.RunAttempt, 1),
            Repository = payload.Repository!.FullName!,
            Visibility = RepositoryVisibilities.From(payload.Repository.Visibility, payload.Repository.Private),
            Organization = payload.Organization?.Login,
            Enterprise = payload.Enterprise?.Slug,
            InstallationId = payload.Installation?.Id,
            Labels = job.Labels!,
            Pool = pool,
            RunnerId = job.RunnerId,
            RunnerName = job.RunnerName,
            Conclusion = job.Conclusion,
            CreatedAt = job.CreatedAt,
            StartedAt = job.StartedAt,
            CompletedAt = job.CompletedAt,
            ReceivedAt = receivedAt,
            TraceParent = JobTrace.TraceParentFor(job.Id),
        };
    }

    /// <summary>An event for a job Scaler holds, made from its record: a new delivery id, no labels (the pool is known).</summary>
    public static JobMessage FromRecord(JobRecord job, JobAction action, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new JobMessage
        {
            DeliveryId = Guid.NewGuid(),
            Action = action,
            JobId = job.JobId,
            RunId = job.RunId,
            RunAttempt = 1,
            Repository = job.Repository,
            Visibility = job.Visibility,
            InstallationId = job.InstallationId,
            Labels = [],
            Pool = job.Pool,
            CreatedAt = job.CreatedAt,
            ReceivedAt = receivedAt,
            TraceParent = JobTrace.TraceParentFor(job.JobId),
        };
    }

    /// <summary>The watch of the create of the job's VM <paramref name="vmName"/>, which the processor started.</summary>
    public static JobMessage ForCreateWatch(JobRecord job, string vmName, DateTimeOffset receivedAt) =>
        FromRecord(job, JobAction.CreateStarted, receivedAt) with { RunnerName = vmName };

    /// <summary>The event GitHub would have delivered for the job as it reads now (its webhook was lost).</summary>
    public static JobMessage FromGitHub(JobRecord job, GitHubJob found, JobAction action, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(found);
        return FromRecord(job, action, receivedAt) with
        {
            RunId = found.RunId,
            RunnerId = found.RunnerId,
            RunnerName = found.RunnerName,
            Conclusion = found.Conclusion,
            CreatedAt = job.CreatedAt ?? found.CreatedAt,
            StartedAt = found.StartedAt,
            CompletedAt = found.CompletedAt,
        };
    }
}
