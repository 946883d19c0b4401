using Scaler.Emulators.Common;

namespace Scaler.Emulators.Arm.Faults;

/// <summary>Requests per operation (<see cref="RequestCounters{TTarget}"/>) and what became of the VMs. Thread-safe.</summary>
public sealed class ArmCounters : RequestCounters<ArmOperationKind>
{
    private long vmsCreated;
    private long vmsDeleted;
    private long vmsEvicted;
    private long vmsDeallocated;
    private long boots;
    private long vmsStarted;
    private long guestPowerOffs;
    private long userDataReads;

    internal ArmCounters()
    {
    }

    /// <summary>Accepted creations, including those whose provisioning then fails.</summary>
    public long VmsCreated => Interlocked.Read(ref vmsCreated);

    public long VmsDeleted => Interlocked.Read(ref vmsDeleted);

    public long VmsEvicted => Interlocked.Read(ref vmsEvicted);

    /// <summary>VMs stopped by a deallocate request (evictions not included).</summary>
    public long VmsDeallocated => Interlocked.Read(ref vmsDeallocated);

    /// <summary>Guest agent boots started.</summary>
    public long Boots => Interlocked.Read(ref boots);

    /// <summary>Starts accepted (<c>POST .../start</c> of a VM that was not running), including those that then fail.</summary>
    public long VmsStarted => Interlocked.Read(ref vmsStarted);

    /// <summary>Guests that read an empty userData at boot and powered their VM off.</summary>
    public long GuestPowerOffs => Interlocked.Read(ref guestPowerOffs);

    /// <summary>Reads of a VM's userData from the instance metadata endpoint, of every VM.</summary>
    public long UserDataReads => Interlocked.Read(ref userDataReads);

    internal void CountCreated() => Interlocked.Increment(ref vmsCreated);

    internal void CountDeleted() => Interlocked.Increment(ref vmsDeleted);

    internal void CountEvicted() => Interlocked.Increment(ref vmsEvicted);

    internal void CountDeallocated() => Interlocked.Increment(ref vmsDeallocated);

    internal void CountBoot() => Interlocked.Increment(ref boots);

    internal void CountStarted() => Interlocked.Increment(ref vmsStarted);

    internal void CountGuestPowerOff() => Interlocked.Increment(ref guestPowerOffs);

    internal void CountUserDataRead() => Interlocked.Increment(ref userDataReads);
}
