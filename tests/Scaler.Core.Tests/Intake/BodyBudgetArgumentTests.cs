using System.Buffers;
using System.Runtime.InteropServices;
using Scaler.Core.Intake;

namespace Scaler.Core.Tests.Intake;

/// <summary>
/// The budget and the pooled body refuse what would corrupt the count of bytes held: a negative size, a write past
/// the space given, use after dispose; and a body gives back exactly what it reserved, once.
/// </summary>
public class BodyBudgetArgumentTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_CapacityNotPositive_Throws(long capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnauthenticatedBodyBudget(capacity));
    }

    [Fact]
    public void TryReserve_NegativeBytes_ThrowsAndReservesNothing()
    {
        var budget = new UnauthenticatedBodyBudget(100);
        budget.TryReserve(10);

        Assert.Throws<ArgumentOutOfRangeException>(() => budget.TryReserve(-5));
        Assert.Equal(10, budget.Held);
    }

    [Fact]
    public void Release_NegativeBytes_ThrowsAndReleasesNothing()
    {
        var budget = new UnauthenticatedBodyBudget(100);
        budget.TryReserve(10);

        Assert.Throws<ArgumentOutOfRangeException>(() => budget.Release(-5));
        Assert.Equal(10, budget.Held);
    }

    [Fact]
    public void Release_EverythingReserved_LeavesNothingHeld()
    {
        var budget = new UnauthenticatedBodyBudget(100);
        budget.TryReserve(100);

        budget.Release(100);

        Assert.Equal(0, budget.Held);
        Assert.True(budget.TryReserve(100));
    }

    [Fact]
    public void PooledBody_PartlyFilledSegment_GivesItsRestBeforeReservingMore()
    {
        var budget = new UnauthenticatedBodyBudget(IntakeOptions.DefaultUnauthenticatedBodyBytes);
        using var body = new PooledBody(budget);
        body.NextSpace();
        body.Advance(100);

        var rest = body.NextSpace();

        Assert.Equal(PooledBody.FirstSegmentBytes - 100, rest.Length);
        Assert.Equal(PooledBody.FirstSegmentBytes, budget.Held);
        Assert.Equal(100, body.Length);
    }

    [Fact]
    public void PooledBody_AdvancePastTheSpaceGiven_Throws()
    {
        var budget = new UnauthenticatedBodyBudget(IntakeOptions.DefaultUnauthenticatedBodyBytes);
        using var body = new PooledBody(budget);
        body.NextSpace();

        Assert.Throws<ArgumentOutOfRangeException>(() => body.Advance(PooledBody.FirstSegmentBytes + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => body.Advance(-1));
        body.Advance(PooledBody.FirstSegmentBytes);
        Assert.Equal(PooledBody.FirstSegmentBytes, body.Length);
    }

    [Fact]
    public void PooledBody_DisposedTwice_ReleasesOnce()
    {
        var budget = new UnauthenticatedBodyBudget(IntakeOptions.DefaultUnauthenticatedBodyBytes);
        budget.TryReserve(10);
        var body = new PooledBody(budget);
        body.NextSpace();

        body.Dispose();
        body.Dispose();

        Assert.Equal(10, budget.Held);
        Assert.Throws<ObjectDisposedException>(() => body.NextSpace());
    }

    [Fact]
    public void PooledBody_BytesOverThreeSegments_EndWhereTheLastWriteEnded()
    {
        var budget = new UnauthenticatedBodyBudget(IntakeOptions.DefaultUnauthenticatedBodyBytes);
        using var body = new PooledBody(budget);
        var written = 0;
        for (var segment = 0; segment < 3; segment++)
        {
            var space = body.NextSpace();
            var count = segment == 2 ? 5 : space.Length;
            for (var i = 0; i < count; i++)
            {
                space.Span[i] = (byte)(written++ % 251);
            }

            body.Advance(count);
        }

        var bytes = body.Bytes.ToArray();

        Assert.Equal(PooledBody.FirstSegmentBytes + (PooledBody.FirstSegmentBytes * 2) + 5, bytes.Length);
        Assert.Equal(Enumerable.Range(0, bytes.Length).Select(i => (byte)(i % 251)), bytes);
    }

    [Fact]
    public void PooledBody_NothingRead_IsEmpty()
    {
        using var body = new PooledBody(new UnauthenticatedBodyBudget(100));

        Assert.True(body.Bytes.IsEmpty);
        Assert.Equal(0, body.Length);
    }

    [Fact]
    public void PooledBody_Disposed_ReturnsItsSegmentToThePool()
    {
        var body = new PooledBody(new UnauthenticatedBodyBudget(PooledBody.FirstSegmentBytes));
        Assert.True(MemoryMarshal.TryGetArray<byte>(body.NextSpace(), out var segment));

        body.Dispose();

        // The shared pool hands the array just returned on this thread to the next rent of its size.
        var rented = ArrayPool<byte>.Shared.Rent(PooledBody.FirstSegmentBytes);
        ArrayPool<byte>.Shared.Return(rented);
        Assert.Same(segment.Array, rented);
    }

    [Fact]
    public void PooledBody_Disposed_HoldsNoBytes()
    {
        var body = new PooledBody(new UnauthenticatedBodyBudget(PooledBody.FirstSegmentBytes));
        body.NextSpace();
        body.Advance(10);

        body.Dispose();

        Assert.True(body.Bytes.IsEmpty);
        Assert.Equal(0, body.Bytes.Length);
    }
}
