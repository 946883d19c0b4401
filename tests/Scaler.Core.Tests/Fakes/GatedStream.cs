using System.Threading.Channels;

namespace Scaler.Core.Tests.Fakes;

/// <summary>
/// A request body the test feeds by hand: reads return what was sent and then wait for more, for the end, for a
/// failure or for cancellation. <see cref="Starved"/> tells the test when the reader has taken everything sent.
/// </summary>
internal sealed class GatedStream : Stream
{
    private readonly Channel<byte[]> chunks = Channel.CreateUnbounded<byte[]>();
    private TaskCompletionSource starved = NewSignal();
    private byte[] current = [];
    private int offset;
    private Exception? failure;

    public long BytesRead { get; private set; }

    /// <summary>Completes when a read finds nothing sent that it has not taken.</summary>
    public Task Starved => Volatile.Read(ref starved).Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public void Send(byte[] data)
    {
        Volatile.Write(ref starved, NewSignal());
        chunks.Writer.TryWrite(data);
    }

    public void End() => chunks.Writer.TryComplete();

    public void Fail(Exception exception)
    {
        failure = exception;
        chunks.Writer.TryComplete();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (offset == current.Length)
        {
            var signal = Volatile.Read(ref starved);
            if (!chunks.Reader.TryRead(out var next))
            {
                signal.TrySetResult();
                if (!await chunks.Reader.WaitToReadAsync(cancellationToken))
                {
                    return failure is null ? 0 : throw failure;
                }

                continue;
            }

            (current, offset) = (next, 0);
        }

        var count = Math.Min(buffer.Length, current.Length - offset);
        current.AsMemory(offset, count).CopyTo(buffer);
        offset += count;
        BytesRead += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
