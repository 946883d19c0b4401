namespace Scaler.Emulators.Arm.Compute;

/// <summary>What a VM is doing, as the emulator sees it.</summary>
public enum VmState
{
    Creating,
    Running,
    Failed,
    Deleting,
    Deallocated,

    /// <summary>Its guest powered it off (a prepared standby VM does): still allocated, <c>PowerState/stopped</c>.</summary>
    Stopped,

    /// <summary>A start is under way (<c>PowerState/starting</c>, provisioningState <c>Updating</c>).</summary>
    Starting,
}

/// <summary>Whether the simulated guest has booted in the VM's current power cycle (a start begins a new one).</summary>
public enum BootState
{
    Pending,
    Booted,
    Failed,
    Skipped,

    /// <summary>The guest booted, read an empty userData from the instance metadata and powered itself off (a prepared standby VM).</summary>
    PoweredOff,
}

/// <summary>A point-in-time snapshot of an emulated VM, for tests and guest agents.</summary>
public sealed record EmulatedVm
{
    public required string Name { get; init; }
    public required string ResourceId { get; init; }
    public required string ResourceGroup { get; init; }
    public required string Location { get; init; }
    public required string? ScaleSetId { get; init; }
    public required IReadOnlyDictionary<string, string> Tags { get; init; }
    public required string? VmSize { get; init; }
    public required string? Priority { get; init; }
    public required string? EvictionPolicy { get; init; }
    public required double? MaxPrice { get; init; }
    public required string? ComputerName { get; init; }

    /// <summary>The decoded customData (normally cloud-init text), or null when none was sent.</summary>
    public required string? CustomData { get; init; }

    /// <summary>The VM's userData as ARM holds it (base64), or null when it has none.</summary>
    public string? UserData { get; init; }

    /// <summary>How many times the VM's guest (or anyone) read its userData from the instance metadata endpoint.</summary>
    public int UserDataReads { get; init; }

    /// <summary>True when a network interface configuration asked for a public IP address.</summary>
    public required bool RequestedPublicIp { get; init; }

    public required VmState State { get; init; }
    public required BootState BootState { get; init; }

    /// <summary>The last error the guest agent raised, if any.</summary>
    public required string? GuestError { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>How a scale set orchestrates its VMs.</summary>
public enum ScaleSetOrchestrationMode
{
    Flexible,
    Uniform,
}

/// <summary>A seeded scale set.</summary>
public sealed record EmulatedScaleSet(string ResourceId, string Name, string ResourceGroup, string Location, ScaleSetOrchestrationMode OrchestrationMode);
