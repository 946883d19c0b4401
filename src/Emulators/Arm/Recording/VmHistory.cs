using Scaler.Emulators.Common;

namespace Scaler.Emulators.Arm.Recording;

/// <summary>
/// Every VM created, deleted and evicted (<see cref="Events"/>), and every power change of a VM that stays
/// (<see cref="PowerEvents"/>), in the order it happened; recorded under the VM store's lock.
/// </summary>
/// <remarks>The two lists are apart so that a reader of <see cref="Events"/> can count VMs as before: a created VM exists
/// until its Deleted or Evicted event, whatever its power state.</remarks>
public sealed class VmHistory(EventSequence sequence)
{
    private readonly Lock gate = new();
    private readonly List<VmEvent> events = [];
    private readonly List<VmPowerEvent> powerEvents = [];

    /// <summary>A snapshot of every event so far, in sequence order.</summary>
    public IReadOnlyList<VmEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    /// <summary>A snapshot of every power change so far (deallocated, started, powered off), in sequence order.</summary>
    public IReadOnlyList<VmPowerEvent> PowerEvents
    {
        get
        {
            lock (gate)
            {
                return [.. powerEvents];
            }
        }
    }

    internal void RecordPower(VmPowerEventKind kind, string name, string? scaleSetId, DateTimeOffset at)
    {
        lock (gate)
        {
            powerEvents.Add(new VmPowerEvent(sequence.Next(), at, kind, name, scaleSetId));
        }
    }

    internal void Record(VmEventKind kind, string name, string? scaleSetId, DateTimeOffset at)
    {
        lock (gate)
        {
            events.Add(new VmEvent(sequence.Next(), at, kind, name, scaleSetId));
        }
    }
}
