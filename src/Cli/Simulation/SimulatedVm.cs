namespace Scaler.Cli.Simulation;

/// <summary>
/// One simulated VM and the moments of its life. It counts (in VM-minutes, in the chart) from the create request until
/// Scaler asks to delete or keep it: a deleted VM is stopped at once (<c>forceDeletion</c>), a kept one deallocated.
/// </summary>
internal sealed class SimulatedVm(string name, string scaleSetId, string size, bool spot, Dictionary<string, string> tags, DateTimeOffset createdAt)
{
    public string Name { get; } = name;

    public string ScaleSetId { get; } = scaleSetId;

    public string Size { get; } = size;

    public bool Spot { get; } = spot;

    public Dictionary<string, string> Tags { get; } = tags;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>When its runner came online; null while it boots.</summary>
    public DateTimeOffset? OnlineAt { get; set; }

    /// <summary>Its runner is running a job.</summary>
    public bool Busy { get; set; }

    /// <summary>When Scaler asked to delete (or keep) it; null while it counts.</summary>
    public DateTimeOffset? LeftAt { get; set; }

    /// <summary>Deallocated for investigation: listed, never billed again.</summary>
    public bool Kept { get; set; }

    /// <summary>The delete finished: no longer listed.</summary>
    public bool Gone { get; set; }

    public RunnerPhase Phase => LeftAt is not null ? RunnerPhase.Left : OnlineAt is null ? RunnerPhase.Booting : Busy ? RunnerPhase.Busy : RunnerPhase.Idle;

    /// <summary>The time it counted, up to <paramref name="end"/> for a VM still there.</summary>
    public TimeSpan Counted(DateTimeOffset end) => (LeftAt ?? end) - CreatedAt;
}

/// <summary>Where a VM is in its life, as the chart shows it.</summary>
internal enum RunnerPhase
{
    Booting,
    Idle,
    Busy,
    Left,
}
