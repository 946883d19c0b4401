namespace Scaler.Core.Jobs;

/// <summary>What processing one job event did.</summary>
public enum JobOutcome
{
    /// <summary>A VM was created for a queued job.</summary>
    Provisioned,

    /// <summary>The event repeats what is already known.</summary>
    Duplicate,

    /// <summary>The message was put back with a delay (full pool, rate limit, another processor's lease).</summary>
    Deferred,

    /// <summary>The event was recorded (in progress, or completed without a runner of ours).</summary>
    Recorded,

    /// <summary>A completed job's VM was deleted and its capacity released.</summary>
    VmDeleted,

    /// <summary>Scaler cannot serve the job; the job record says why.</summary>
    Failed,

    /// <summary>The message names a pool that is not configured.</summary>
    Dropped,
}

public sealed record JobResult(JobOutcome Outcome, string Detail);
