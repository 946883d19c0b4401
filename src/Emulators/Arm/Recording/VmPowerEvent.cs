namespace Scaler.Emulators.Arm.Recording;

/// <summary>A change of a VM's power that leaves the VM in place (it still exists and still counts).</summary>
public enum VmPowerEventKind
{
    /// <summary>A deallocate request was accepted, or a Spot VM with eviction policy Deallocate was evicted.</summary>
    Deallocated,

    /// <summary>A start was accepted; the VM runs once the start time has passed, and its guest boots again.</summary>
    Started,

    /// <summary>A start was accepted whose allocation fails (<c>ArmFaults.FailStarts</c>): the VM ends Failed and stays deallocated.</summary>
    StartFailed,

    /// <summary>The guest read an empty userData at boot and powered the VM off (PowerState/stopped, still allocated).</summary>
    PoweredOff,
}

/// <summary>
/// One power change of a VM. Its <see cref="Sequence"/> comes from the same <c>EventSequence</c> as the <see cref="VmEvent"/>s,
/// so both merge into one order; <see cref="At"/> is the emulator's clock when it happened (a start: when it was accepted).
/// </summary>
public sealed record VmPowerEvent(long Sequence, DateTimeOffset At, VmPowerEventKind Kind, string Name, string? ScaleSetId);
