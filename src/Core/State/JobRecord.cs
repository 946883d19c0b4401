using Scaler.Core.Pools;

namespace Scaler.Core.State;

/// <summary>Where a job is in Scaler's hands. The order matters: a job never moves backwards.</summary>
public enum JobState
{
    /// <summary>Seen queued; no runner provisioned yet.</summary>
    Queued = 0,

    /// <summary>A processor holds the lease and is provisioning its VM.</summary>
    Provisioning = 1,

    /// <summary>Its VM was created; waiting for a runner to take it.</summary>
    Provisioned = 2,

    /// <summary>A runner took it.</summary>
    InProgress = 3,

    /// <summary>GitHub reported it completed (success, failure or cancelled).</summary>
    Completed = 4,

    /// <summary>Scaler could not provision a VM for it; <see cref="JobRecord.Failure"/> says why.</summary>
    Failed = 5,
}

/// <summary>One job as Scaler tracks it, keyed by pool and job id. <see cref="ETag"/> guards updates.</summary>
public sealed record JobRecord
{
    public required string Pool { get; init; }

    public required long JobId { get; init; }

    public JobState State { get; init; }

    public string Repository { get; init; } = "";

    /// <summary>The repository's visibility as the job's <c>queued</c> delivery said; null for jobs recorded before Scaler read it.</summary>
    public RepositoryVisibility? Visibility { get; init; }

    public long RunId { get; init; }

    public long? InstallationId { get; init; }

    public string? VmName { get; init; }

    public string? RunnerName { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? Conclusion { get; init; }

    public string? Failure { get; init; }

    /// <summary>Scaler asked GitHub to re-run the job after its VM was evicted (done at most once).</summary>
    public bool Rerun { get; init; }

    /// <summary>How often the job went back to Queued because its VM never ran it; names its next VM (<c>VmNames.ForJob</c>).</summary>
    public int Requeues { get; init; }

    public string ETag { get; init; } = "";
}
