namespace Scaler.Core.State;

/// <summary>What a runner VM is doing, as far as Scaler knows.</summary>
public enum RunnerState
{
    /// <summary>Capacity claimed; the VM is being created or is booting.</summary>
    Provisioning = 0,

    /// <summary>The VM was created and its runner registered at GitHub.</summary>
    Created = 1,

    /// <summary>The runner took a job.</summary>
    Busy = 2,

    /// <summary>A standby VM on its first boot: installing the runner, then powering itself off. No runner registered.</summary>
    Preparing = 3,

    /// <summary>A prepared standby VM, deallocated, free for a job to claim. No runner registered.</summary>
    Standby = 4,
}

/// <summary>
/// One runner VM of a pool. A record exists exactly while the VM holds one unit of the pool's capacity:
/// it is added with the claim and removed with the release, in the same table transaction.
/// </summary>
public sealed record RunnerRecord
{
    public required string Pool { get; init; }

    public required string VmName { get; init; }

    public RunnerState State { get; init; }

    /// <summary>The job the VM was created for (0 for a warm runner).</summary>
    public long ForJobId { get; init; }

    /// <summary>The job it runs, once GitHub said so.</summary>
    public long? RunningJobId { get; init; }

    public long? RunnerId { get; init; }

    public string? RunnerVersion { get; init; }

    public DateTimeOffset ClaimedAt { get; init; }

    /// <summary>The create attempt in flight or last made: index into the pool's VM sizes; null before the first.</summary>
    public int? CreateSizeIndex { get; init; }

    /// <summary>Whether that attempt asked for Spot priority.</summary>
    public bool? CreateSpot { get; init; }

    /// <summary>When Azure accepted that attempt's create; the watcher's next read is timed from it.</summary>
    public DateTimeOffset? CreateStartedAt { get; init; }

    /// <summary>For a standby VM: when it was found prepared and deallocated.</summary>
    public DateTimeOffset? PreparedAt { get; init; }

    /// <summary>For a standby VM: the image it was created from (a new image replaces it).</summary>
    public string? Image { get; init; }

    /// <summary>The VM's userData holds a JIT config: cleared once the runner is online.</summary>
    public bool UserDataSet { get; init; }

    /// <summary>When the reconciler first saw the runner online; its idle time counts from here.</summary>
    public DateTimeOffset? OnlineSince { get; init; }

    public string ETag { get; init; } = "";
}
