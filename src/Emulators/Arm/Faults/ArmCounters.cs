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

    internal void CountCreated() => Interlocked.Increment(ref vmsCreated);

    internal void CountDeleted() => Interlocked.Increment(ref vmsDeleted);

    internal void CountEvicted() => Interlocked.Increment(ref vmsEvicted);

    internal void CountDeallocated() => Interlocked.Increment(ref vmsDeallocated);

    internal void CountBoot() => Interlocked.Increment(ref boots);
}
