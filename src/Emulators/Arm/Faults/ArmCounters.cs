using System.Collections.Concurrent;

namespace Scaler.Emulators.Arm.Faults;

/// <summary>What the emulator has seen and done, for assertions.</summary>
public sealed class ArmCounters
{
    private readonly ConcurrentDictionary<ArmOperationKind, int> _calls = new();
    private readonly ConcurrentDictionary<ArmOperationKind, int> _throttled = new();
    private readonly ConcurrentDictionary<ArmOperationKind, int> _injectedErrors = new();
    private int _vmsCreated;
    private int _vmsDeleted;
    private int _vmsEvicted;
    private int _vmsDeallocated;
    private int _boots;

    /// <summary>Authenticated requests for <paramref name="operation"/>, including those answered with a fault.</summary>
    public int Calls(ArmOperationKind operation) => _calls.GetValueOrDefault(operation);

    /// <summary>Requests for <paramref name="operation"/> answered 429.</summary>
    public int Throttled(ArmOperationKind operation) => _throttled.GetValueOrDefault(operation);

    /// <summary>Requests for <paramref name="operation"/> answered with an injected 5xx.</summary>
    public int InjectedErrors(ArmOperationKind operation) => _injectedErrors.GetValueOrDefault(operation);

    public int VmsCreated => Volatile.Read(ref _vmsCreated);
    public int VmsDeleted => Volatile.Read(ref _vmsDeleted);
    public int VmsEvicted => Volatile.Read(ref _vmsEvicted);

    /// <summary>VMs stopped by a deallocate request (evictions not included).</summary>
    public int VmsDeallocated => Volatile.Read(ref _vmsDeallocated);

    /// <summary>Guest agent boots started.</summary>
    public int Boots => Volatile.Read(ref _boots);

    internal void CountCall(ArmOperationKind operation) => _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
    internal void CountThrottled(ArmOperationKind operation) => _throttled.AddOrUpdate(operation, 1, (_, n) => n + 1);
    internal void CountInjectedError(ArmOperationKind operation) => _injectedErrors.AddOrUpdate(operation, 1, (_, n) => n + 1);
    internal void CountCreated() => Interlocked.Increment(ref _vmsCreated);
    internal void CountDeleted() => Interlocked.Increment(ref _vmsDeleted);
    internal void CountEvicted() => Interlocked.Increment(ref _vmsEvicted);
    internal void CountDeallocated() => Interlocked.Increment(ref _vmsDeallocated);
    internal void CountBoot() => Interlocked.Increment(ref _boots);
}
