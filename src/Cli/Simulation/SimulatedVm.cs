using Scaler.Core.Compute;

namespace Scaler.Cli.Simulation;

/// <summary>
/// One simulated VM and the moments of its life. It is allocated (counted in VM-minutes, billed for compute) from the
/// create request until Scaler asks to delete or keep it, except while it is deallocated: a deleted VM is stopped at once
/// (<c>forceDeletion</c>), a kept one deallocated. Its OS disk is billed from the create request until Scaler asks to
/// delete it, deallocated or not.
/// </summary>
internal sealed class SimulatedVm(string name, string scaleSetId, string size, bool spot, int osDiskSizeGb, Dictionary<string, string> tags, DateTimeOffset createdAt)
{
    private readonly List<(DateTimeOffset From, DateTimeOffset? Until)> deallocations = [];

    public string Name { get; } = name;

    public string ScaleSetId { get; } = scaleSetId;

    public string Size { get; } = size;

    public bool Spot { get; } = spot;

    /// <summary>The OS disk's size, the pool's <c>OsDiskSizeGb</c>: what its disk is billed for.</summary>
    public int OsDiskSizeGb { get; } = osDiskSizeGb;

    public Dictionary<string, string> Tags { get; } = tags;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>Created with the standby cloud-init: prepared for a pool's standby size, whether a job started it or not.</summary>
    public bool Prepared { get; init; }

    /// <summary>
    /// Created with the standby cloud-init and not yet started for a job: its first boot installs the runner and powers
    /// it off; no runner comes online.
    /// </summary>
    public bool Standby { get; set; }

    /// <summary>Its power state as Azure's instance view reports it.</summary>
    public VmPowerState Power { get; set; } = VmPowerState.Unknown;

    /// <summary>Its <c>userData</c> (plain text): a started standby VM's runner reads its JIT config there.</summary>
    public string UserData { get; set; } = "";

    /// <summary>When its create operation ends, or, once started from deallocated, when its start ends.</summary>
    public DateTimeOffset ReadyAt { get; set; }

    /// <summary>When its runner came online; null while it boots.</summary>
    public DateTimeOffset? OnlineAt { get; set; }

    /// <summary>Its runner is running a job.</summary>
    public bool Busy { get; set; }

    /// <summary>When Scaler asked to delete (or keep) it; null while it counts.</summary>
    public DateTimeOffset? LeftAt { get; set; }

    /// <summary>When Scaler asked to delete it (its disk goes with it); null while it exists, kept or not.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Deallocated for investigation: listed, its disk billed, its compute never again.</summary>
    public bool Kept { get; set; }

    /// <summary>The delete finished: no longer listed.</summary>
    public bool Gone { get; set; }

    public RunnerPhase Phase => LeftAt is not null ? RunnerPhase.Left
        : Standby ? RunnerPhase.Standby
        : OnlineAt is null ? RunnerPhase.Booting
        : Busy ? RunnerPhase.Busy
        : RunnerPhase.Idle;

    /// <summary>The deallocation ended at <paramref name="at"/>: compute is billed from then until it starts again.</summary>
    public void Deallocated(DateTimeOffset at) => deallocations.Add((at, null));

    /// <summary>A start was asked for at <paramref name="at"/>: compute is billed again from then.</summary>
    public void Started(DateTimeOffset at)
    {
        if (deallocations.Count > 0 && deallocations[^1].Until is null)
        {
            deallocations[^1] = (deallocations[^1].From, at);
        }
    }

    /// <summary>
    /// The time it was allocated (its VM-minutes, billed for compute): from the create request until Scaler asked to
    /// delete or keep it (up to <paramref name="end"/> for a VM still there), less its deallocated spells.
    /// </summary>
    public TimeSpan Allocated(DateTimeOffset end)
    {
        var until = LeftAt ?? end;
        var deallocated = TimeSpan.Zero;
        foreach (var (from, to) in deallocations)
        {
            var spell = (to is { } started && started < until ? started : until) - from;
            deallocated += spell > TimeSpan.Zero ? spell : TimeSpan.Zero;
        }

        return until - CreatedAt - deallocated;
    }

    /// <summary>The time its OS disk existed: from the create request until Scaler asked to delete it, or <paramref name="end"/>.</summary>
    public TimeSpan DiskTime(DateTimeOffset end) => (DeletedAt ?? end) - CreatedAt;
}

/// <summary>Where a VM is in its life, as the chart shows it.</summary>
internal enum RunnerPhase
{
    Booting,
    Idle,
    Busy,
    Left,

    /// <summary>A standby VM no job has started: preparing, powered off or deallocated.</summary>
    Standby,
}
