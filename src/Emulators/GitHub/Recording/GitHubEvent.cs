namespace Scaler.Emulators.GitHub.Recording;

/// <summary>What happened to a runner or a job.</summary>
public enum GitHubEventKind
{
    /// <summary>A runner was registered (a JIT configuration was generated for it).</summary>
    RunnerRegistered,

    /// <summary>A runner's registration was removed: deleted through the API, or an ephemeral runner after its job.</summary>
    RunnerRemoved,

    /// <summary>A runner took a job.</summary>
    RunnerBusy,

    /// <summary>A runner's job ended.</summary>
    RunnerIdle,

    /// <summary>A job entered the queue (first time or again after approval).</summary>
    JobQueued,

    /// <summary>A job was assigned to a runner and started (<see cref="GitHubEvent.RunnerName"/> says which).</summary>
    JobStarted,

    /// <summary>A job completed (<see cref="GitHubEvent.Conclusion"/> says how).</summary>
    JobCompleted,
}

/// <summary>
/// One change at the GitHub emulator: its <see cref="Sequence"/> (from the emulator's <c>EventSequence</c>) orders it
/// exactly among all recorded events; <see cref="At"/> is the emulator's clock. Runner events carry the runner, job
/// events the job (and the runner, once it has one).
/// </summary>
public sealed record GitHubEvent(long Sequence, DateTimeOffset At, GitHubEventKind Kind, long? RunnerId, string? RunnerName, long? JobId, string? Conclusion = null);
