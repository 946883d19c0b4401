using System.Buffers;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Intake;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Intake;

public class CappedBodyTests
{
    private static readonly BodyLimits Limits = new(CappedBody.MaxBytes, TimeSpan.FromSeconds(10));
    private readonly UnauthenticatedBodyBudget budget = new(IntakeOptions.DefaultUnauthenticatedBodyBytes);
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public async Task ReadAsync_DeclaredLengthOverCap_ReadsNothing()
    {
        var stream = new EndlessStream();

        var read = await ReadAsync(stream, declaredLength: CappedBody.MaxBytes + 1L);

        Assert.Equal(BodyStatus.TooLarge, read.Status);
        Assert.Equal(0, stream.BytesRead);
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task ReadAsync_UndeclaredBodyOverCap_StopsOneBytePastTheCap()
    {
        var stream = new EndlessStream();

        var read = await ReadAsync(stream, declaredLength: null);

        Assert.Equal(BodyStatus.TooLarge, read.Status);
        Assert.Null(read.Body);
        Assert.Equal(CappedBody.MaxBytes + 1L, stream.BytesRead);
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task ReadAsync_BodyExactlyAtCap_IsReturnedWhole()
    {
        var data = RandomBytes(1000);

        var read = await CappedBody.ReadAsync(new MemoryStream(data), null, Limits with { MaxBytes = 1000 }, budget, clock, CancellationToken.None);

        using var body = read.Body;
        Assert.Equal(BodyStatus.Read, read.Status);
        Assert.Equal(data, body!.Bytes.ToArray());
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthAtCap_IsRead()
    {
        var data = RandomBytes(1000);

        var read = await CappedBody.ReadAsync(new MemoryStream(data), 1000, Limits with { MaxBytes = 1000 }, budget, clock, CancellationToken.None);

        using var body = read.Body;
        Assert.Equal(BodyStatus.Read, read.Status);
        Assert.Equal(data, body!.Bytes.ToArray());
    }

    [Fact]
    public async Task ReadAsync_BodyOneByteOverCap_IsRefused()
    {
        var read = await CappedBody.ReadAsync(new MemoryStream(new byte[1001]), null, Limits with { MaxBytes = 1000 }, budget, clock, CancellationToken.None);

        Assert.Equal(BodyStatus.TooLarge, read.Status);
    }

    [Fact]
    public async Task ReadAsync_BodyOverManySegments_HoldsEveryByteInOrder()
    {
        var data = RandomBytes(300_000);

        var read = await ReadAsync(new MemoryStream(data), data.Length);

        using var body = read.Body;
        Assert.False(body!.Bytes.IsSingleSegment);
        Assert.Equal(data, body.Bytes.ToArray());
    }

    [Fact]
    public async Task ReadAsync_Declares25MBAndSends300Bytes_ReservesOneSmallSegmentOnly()
    {
        var stream = new GatedStream();

        var reading = ReadAsync(stream, CappedBody.MaxBytes);
        stream.Send(new byte[300]);
        await stream.Starved;

        Assert.Equal(PooledBody.FirstSegmentBytes, budget.Held);
        stream.End();
        using var body = (await reading).Body;
        Assert.Equal(300, body!.Length);
    }

    [Fact]
    public async Task ReadAsync_BudgetHeldByAnotherBody_RefusesBeforeReadingAByte()
    {
        var small = new UnauthenticatedBodyBudget(PooledBody.FirstSegmentBytes);
        var first = new GatedStream();
        var second = new EndlessStream();
        var holding = CappedBody.ReadAsync(first, null, Limits, small, clock, CancellationToken.None);
        await first.Starved;

        var refused = await CappedBody.ReadAsync(second, null, Limits, small, clock, CancellationToken.None);

        Assert.Equal(BodyStatus.OverBudget, refused.Status);
        Assert.Equal(0, second.BytesRead);
        first.End();
        (await holding).Body!.Dispose();
        Assert.Equal(0, small.Held);
    }

    [Fact]
    public async Task ReadAsync_BodyOutgrowsTheBudget_StopsAtTheSegmentItCouldNotReserve()
    {
        var small = new UnauthenticatedBodyBudget(PooledBody.FirstSegmentBytes * 2);
        var stream = new EndlessStream();

        var read = await CappedBody.ReadAsync(stream, null, Limits, small, clock, CancellationToken.None);

        Assert.Equal(BodyStatus.OverBudget, read.Status);
        Assert.Equal(PooledBody.FirstSegmentBytes, stream.BytesRead);
        Assert.Equal(0, small.Held);
    }

    [Fact]
    public async Task ReadAsync_BodyStallsPastTheTimeout_TimesOutAndReleasesTheBudget()
    {
        var stream = new GatedStream();
        var reading = ReadAsync(stream, 1000);
        stream.Send(new byte[10]);
        await stream.Starved;

        clock.Advance(Limits.Timeout);
        var read = await reading;

        Assert.Equal(BodyStatus.TimedOut, read.Status);
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task ReadAsync_BodyBeforeTheTimeout_IsRead()
    {
        var stream = new GatedStream();
        var reading = ReadAsync(stream, 10);
        stream.Send(new byte[10]);
        await stream.Starved;

        clock.Advance(Limits.Timeout - TimeSpan.FromTicks(1));
        stream.End();
        var read = await reading;

        using var body = read.Body;
        Assert.Equal(BodyStatus.Read, read.Status);
    }

    [Fact]
    public async Task ReadAsync_ConnectionFails_IsIncompleteAndReleasesTheBudget()
    {
        var stream = new GatedStream();
        var reading = ReadAsync(stream, 1000);
        stream.Send(new byte[10]);
        await stream.Starved;

        stream.Fail(new IOException("connection reset"));
        var read = await reading;

        Assert.Equal(BodyStatus.Incomplete, read.Status);
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task ReadAsync_CallerCancels_ThrowsAndReleasesTheBudget()
    {
        var stream = new GatedStream();
        using var cancel = new CancellationTokenSource();
        var reading = CappedBody.ReadAsync(stream, null, Limits, budget, clock, cancel.Token);
        await stream.Starved;

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task ReadAsync_CallerCancelsAsTheDeadlinePasses_ThrowsRatherThanTimingOut()
    {
        using var cancel = new CancellationTokenSource();
        var stream = new InterruptedStream(() =>
        {
            clock.Advance(Limits.Timeout);
            cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CappedBody.ReadAsync(stream, null, Limits, budget, clock, cancel.Token));
        Assert.Equal(0, budget.Held);
    }

    private Task<BodyRead> ReadAsync(Stream stream, long? declaredLength) =>
        CappedBody.ReadAsync(stream, declaredLength, Limits, budget, clock, CancellationToken.None);

    private static byte[] RandomBytes(int count)
    {
        var data = new byte[count];
        Random.Shared.NextBytes(data);
        return data;
    }

    /// <summary>A read that lets <c>interrupt</c> run (a clock moved, a caller cancelled), then fails as cancelled.</summary>
    private sealed class InterruptedStream(Action interrupt) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            interrupt();
            throw new OperationCanceledException(cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
