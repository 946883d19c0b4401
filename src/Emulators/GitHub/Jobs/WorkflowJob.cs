using Scaler.Emulators.GitHub.Tenancy;

namespace Scaler.Emulators.GitHub.Jobs;

/// <summary>A job to queue: the repository it runs in and its <c>runs-on</c> labels.</summary>
public sealed record JobRequest(string RepositoryFullName, IReadOnlyList<string> Labels)
{
    /// <summary>How long the job runs once a runner takes it; null uses the emulator's default.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The conclusion the job completes with when it runs to the end.</summary>
    public string Conclusion { get; init; } = "success";

    /// <summary>When true the job waits for an environment approval (<c>waiting</c>) before it is queued.</summary>
    public bool RequiresApproval { get; init; }

    public string Name { get; init; } = "build";

    public string WorkflowName { get; init; } = "CI";

    public string HeadBranch { get; init; } = "main";
}

/// <summary>A snapshot of a workflow job.</summary>
public sealed record WorkflowJobInfo(
    long Id,
    long RunId,
    string RepositoryFullName,
    IReadOnlyList<string> Labels,
    string Status,
    string? Conclusion,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    long? RunnerId,
    string? RunnerName,
    long? RunnerGroupId,
    string? RunnerGroupName);

/// <summary>A job's live state. Mutable; guarded by the registry gate.</summary>
internal sealed class WorkflowJob(long id, long runId, Repository repository, JobRequest request, TimeSpan duration, DateTimeOffset createdAt, int runAttempt = 1)
{
    public long Id { get; } = id;

    public long RunId { get; } = runId;

    public int RunAttempt { get; } = runAttempt;

    /// <summary>True once a re-run of this job was requested (a job is re-run at most once per attempt).</summary>
    public bool Rerun { get; set; }

    public Repository Repository { get; } = repository;

    public JobRequest Request { get; } = request;

    public TimeSpan Duration { get; } = duration;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string Status { get; set; } = "queued";

    public string? Conclusion { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public long? RunnerId { get; set; }

    public string? RunnerName { get; set; }

    public long? RunnerGroupId { get; set; }

    public string? RunnerGroupName { get; set; }

    public ITimer? Timer { get; set; }

    public WorkflowJobInfo ToInfo() => new(
        Id, RunId, Repository.FullName, Request.Labels, Status, Conclusion, CreatedAt, StartedAt, CompletedAt,
        RunnerId, RunnerName, RunnerGroupId, RunnerGroupName);
}
