using Scaler.Emulators.Common;

namespace Scaler.Emulators.Arm.Recording;

/// <summary>Every VM created, deleted and evicted, in the order it happened; recorded under the VM store's lock.</summary>
public sealed class VmHistory(EventSequence sequence)
{
    private readonly Lock gate = new();
    private readonly List<VmEvent> events = [];

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

    internal void Record(VmEventKind kind, string name, string? scaleSetId, DateTimeOffset at)
    {
        lock (gate)
        {
            events.Add(new VmEvent(sequence.Next(), at, kind, name, scaleSetId));
        }
    }
}
