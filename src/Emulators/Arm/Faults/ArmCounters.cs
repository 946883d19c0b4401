using System.Collections.Concurrent;

namespace Scaler.Emulators.Arm.Faults;

/// <summary>What the emulator has seen and done, for assertions.</summary>
public sealed class ArmCounters
{
    private readonly ConcurrentDictionary<ArmOperationKind, int> calls = new();
    private readonly ConcurrentDictionary<ArmOperationKind, int> throttled = new();
    private readonly ConcurrentDictionary<ArmOperationKind, int> injectedErrors = new();
    private int vmsCreated;
    private int vmsDeleted;
    private int vmsEvicted;
    private int vmsDeallocated;
    private int boots;

    /// <summary>Authenticated requests for <paramref name="operation"/>, including those answered with a fault.</summary>
    public int Calls(ArmOperationKind operation) => calls.GetValueOrDefault(operation);

    /// <summary>Requests for <paramref name="operation"/> answered 429.</summary>
    public int Throttled(ArmOperationKind operation) => throttled.GetValueOrDefault(operation);

    /// <summary>Requests for <paramref name="operation"/> answered with an injected 5xx.</summary>
    public int InjectedErrors(ArmOperationKind operation) => injectedErrors.GetValueOrDefault(operation);

    public int VmsCreated => Volatile.Read(ref vmsCreated);
    public int VmsDeleted => Volatile.Read(ref vmsDeleted);
    public int VmsEvicted => Volatile.Read(ref vmsEvicted);

    /// <summary>VMs stopped by a deallocate request (evictions not included).</summary>
    public int VmsDeallocated => Volatile.Read(ref vmsDeallocated);

    /// <summary>Guest agent boots started.</summary>
    public int Boots => Volatile.Read(ref boots);

    internal void CountCall(ArmOperationKind operation) => calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
    internal void CountThrottled(ArmOperationKind operation) => throttled.AddOrUpdate(operation, 1, (_, n) => n + 1);
    internal void CountInjectedError(ArmOperationKind operation) => injectedErrors.AddOrUpdate(operation, 1, (_, n) => n + 1);
    internal void CountCreated() => Interlocked.Increment(ref vmsCreated);
    internal void CountDeleted() => Interlocked.Increment(ref vmsDeleted);
    internal void CountEvicted() => Interlocked.Increment(ref vmsEvicted);
    internal void CountDeallocated() => Interlocked.Increment(ref vmsDeallocated);
    internal void CountBoot() => Interlocked.Increment(ref boots);
}
