using System.Collections.Concurrent;

namespace Scaler.Emulators.Arm;

/// <summary>What the ARM emulator was asked to do.</summary>
public sealed class ArmCounters
{
    private readonly ConcurrentDictionary<string, long> calls = new(StringComparer.Ordinal);
    private long created;
    private long deleted;
    private long evicted;
    private long throttled;

    public long Calls(string operation) => calls.GetValueOrDefault(operation);

    public long Created => Interlocked.Read(ref created);

    public long Deleted => Interlocked.Read(ref deleted);

    public long Evicted => Interlocked.Read(ref evicted);

    public long Throttled => Interlocked.Read(ref throttled);

    internal void Call(string operation) => calls.AddOrUpdate(operation, 1, (_, n) => n + 1);

    internal void VmCreated() => Interlocked.Increment(ref created);

    internal void VmDeleted() => Interlocked.Increment(ref deleted);

    internal void VmEvicted() => Interlocked.Increment(ref evicted);

    internal void ThrottledOnce() => Interlocked.Increment(ref throttled);
}
