using System.Buffers;

namespace Scaler.Core.Intake;

/// <summary>
/// A request body in buffers rented from <see cref="ArrayPool{T}.Shared"/>, added a segment at a time as bytes arrive
/// (4 KiB, doubling up to 64 KiB) and never copied: the signature check and the parser read <see cref="Bytes"/>.
/// Every segment is reserved in the <see cref="UnauthenticatedBodyBudget"/> first and stays reserved until
/// <see cref="Authenticated"/>. Dispose returns the buffers and whatever it still reserves.
/// </summary>
public sealed class PooledBody : IDisposable
{
    public const int FirstSegmentBytes = 4 * 1024;
    public const int LargestSegmentBytes = 64 * 1024;

    private readonly UnauthenticatedBodyBudget budget;
    private readonly List<byte[]> buffers = [];
    private long reserved;
    private int used;
    private bool disposed;

    public PooledBody(UnauthenticatedBodyBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        this.budget = budget;
    }

    /// <summary>Bytes received.</summary>
    public long Length { get; private set; }

    /// <summary>The bytes received, over the pooled segments.</summary>
    public ReadOnlySequence<byte> Bytes => buffers.Count switch
    {
        0 => ReadOnlySequence<byte>.Empty,
        1 => new(buffers[0], 0, used),
        _ => Chain(),
    };

    /// <summary>
    /// Room for the next bytes: the unused end of the last segment, or a new segment reserved in the budget.
    /// Empty when the budget cannot give the new segment.
    /// </summary>
    public Memory<byte> NextSpace()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (buffers.Count > 0 && used < SegmentSize(buffers.Count - 1))
        {
            return buffers[^1].AsMemory(used, SegmentSize(buffers.Count - 1) - used);
        }

        var size = SegmentSize(buffers.Count);
        if (!budget.TryReserve(size))
        {
            return Memory<byte>.Empty;
        }

        reserved += size;
        buffers.Add(ArrayPool<byte>.Shared.Rent(size));
        used = 0;
        return buffers[^1].AsMemory(0, size);
    }

    /// <summary>Records that <paramref name="count"/> bytes were written to the space <see cref="NextSpace"/> gave.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(used + count, SegmentSize(buffers.Count - 1));
        used += count;
        Length += count;
    }

    /// <summary>The signature is valid: the bytes now belong to an authenticated sender and leave the budget.</summary>
    public void Authenticated()
    {
        budget.Release(reserved);
        reserved = 0;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        budget.Release(reserved);
        reserved = 0;
        foreach (var buffer in buffers)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffers.Clear();
    }

    private static int SegmentSize(int index) => FirstSegmentBytes << Math.Min(index, 4);

    private ReadOnlySequence<byte> Chain()
    {
        var first = new Segment(buffers[0].AsMemory(0, SegmentSize(0)), 0);
        var last = first;
        for (var i = 1; i < buffers.Count; i++)
        {
            var length = i == buffers.Count - 1 ? used : SegmentSize(i);
            last = last.Append(buffers[i].AsMemory(0, length));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
