namespace Scaler.Emulators.Arm.Recording;

/// <summary>What happened to a VM.</summary>
public enum VmEventKind
{
    /// <summary>A PUT created the VM (it counts from now, even if its provisioning then fails).</summary>
    Created,

    /// <summary>A DELETE was accepted; the VM no longer counts.</summary>
    Deleted,

    /// <summary>Azure evicted the Spot VM; nobody asked for it.</summary>
    Evicted,
}

/// <summary>
/// One change to the set of VMs: its <see cref="Sequence"/> (from the emulator's <c>EventSequence</c>) orders it
/// exactly among all recorded events; <see cref="At"/> is the emulator's clock.
/// </summary>
public sealed record VmEvent(long Sequence, DateTimeOffset At, VmEventKind Kind, string Name, string? ScaleSetId);
