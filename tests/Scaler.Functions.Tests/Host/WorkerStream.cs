using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Scaler.Functions.Tests.Host.Rpc;

namespace Scaler.Functions.Tests.Host;

/// <summary>
/// The host's end of the worker's <c>EventStream</c>: what the host sends and what the worker answered. Logs
/// (<c>RpcLog</c>) are kept apart; every other message waits until a test asks for it.
/// </summary>
internal sealed class WorkerStream
{
    private readonly Channel<StreamingMessage> toWorker = Channel.CreateUnbounded<StreamingMessage>();
    private readonly Channel<StreamingMessage> fromWorker = Channel.CreateUnbounded<StreamingMessage>();
    private readonly List<StreamingMessage> unclaimed = [];
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<RpcLog> Logs { get; } = new();

    /// <summary>Completes when the worker opens the stream.</summary>
    public Task Connected => connected.Task;

    public ValueTask SendAsync(StreamingMessage message, CancellationToken cancellationToken) =>
        toWorker.Writer.WriteAsync(message, cancellationToken);

    /// <summary>The first message from the worker that <paramref name="match"/> accepts; the others stay for later.</summary>
    public async Task<StreamingMessage> ReceiveAsync(Func<StreamingMessage, bool> match, CancellationToken cancellationToken)
    {
        lock (unclaimed)
        {
            var index = unclaimed.FindIndex(m => match(m));
            if (index >= 0)
            {
                var found = unclaimed[index];
                unclaimed.RemoveAt(index);
                return found;
            }
        }

        await foreach (var message in fromWorker.Reader.ReadAllAsync(cancellationToken))
        {
            if (match(message))
            {
                return message;
            }

            lock (unclaimed)
            {
                unclaimed.Add(message);
            }
        }

        throw new InvalidOperationException("The worker closed its stream.");
    }

    /// <summary>Runs one <c>EventStream</c> call: the worker's messages in, the host's messages out.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        connected.TrySetResult();
        var writing = Task.Run(
            async () =>
            {
                await foreach (var message in toWorker.Reader.ReadAllAsync(cancellationToken))
                {
                    await responses.WriteAsync(message, cancellationToken);
                }
            },
            cancellationToken);
        try
        {
            await foreach (var message in requests.ReadAllAsync(cancellationToken))
            {
                if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog)
                {
                    Logs.Enqueue(message.RpcLog);
                }
                else
                {
                    await fromWorker.Writer.WriteAsync(message, cancellationToken);
                }
            }
        }
        finally
        {
            fromWorker.Writer.TryComplete();
            toWorker.Writer.TryComplete();
            await writing.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
