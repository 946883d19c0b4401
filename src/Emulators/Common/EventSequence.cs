namespace Scaler.Emulators.Common;

/// <summary>
/// Numbers the events emulators record, one after another. Emulators given the same sequence (through
/// <see cref="EmulatorOptions.Sequence"/>) number their events from one counter, so a history that merges
/// them is in the order the events happened; each number is taken under the lock that makes the change.
/// </summary>
public sealed class EventSequence
{
    private long last;

    /// <summary>The next number, greater than every number handed out before.</summary>
    public long Next() => Interlocked.Increment(ref last);
}
