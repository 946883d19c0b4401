namespace Scaler.Core.Intake;

/// <summary>
/// The bytes that bodies not yet authenticated may hold at once, across the process. Readers reserve before they
/// take a buffer and release when the signature is checked or the body is dropped, so senders without the secret
/// cannot hold more than <see cref="Capacity"/> however many connections they open.
/// </summary>
public sealed class UnauthenticatedBodyBudget
{
    private long held;

    public UnauthenticatedBodyBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public long Capacity { get; }

    /// <summary>Bytes reserved now.</summary>
    public long Held => Interlocked.Read(ref held);

    /// <summary>Reserves <paramref name="bytes"/>, or returns false and reserves nothing when that would pass the capacity.</summary>
    public bool TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (true)
        {
            var current = Interlocked.Read(ref held);
            if (current + bytes > Capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref held, current + bytes, current) == current)
            {
                return true;
            }
        }
    }

    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var after = Interlocked.Add(ref held, -bytes);
        if (after < 0)
        {
            throw new InvalidOperationException($"Released {bytes} bytes more than were reserved.");
        }
    }
}
