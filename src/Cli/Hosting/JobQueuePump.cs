using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Scaler.Core.Jobs;
using Scaler.Core.Storage;

namespace Scaler.Cli.Hosting;

/// <summary>How the pump takes messages, mirroring the Functions host's queue settings.</summary>
public sealed class JobQueuePumpOptions
{
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// When no more than this many messages are in flight, the pump takes another batch (the Functions host's
    /// <c>newBatchThreshold</c>, half the batch size by default): one slow message does not hold back the rest.
    /// </summary>
    public int NewBatchThreshold { get; set; } = 8;

    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxDequeueCount { get; set; } = 5;

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Runs the job processor on the <c>workflow-jobs</c> queue outside Azure Functions, with the Functions
/// host's semantics: a message that throws becomes visible again after the visibility timeout, and after
/// <c>MaxDequeueCount</c> attempts it moves to <c>workflow-jobs-poison</c>. Messages that complete are
/// deleted. Used by <c>scaler serve</c> and the end-to-end tests.
/// </summary>
public sealed partial class JobQueuePump(QueueClient queue, QueueClient poisonQueue, JobProcessor processor, JobQueuePumpOptions options, TimeProvider time, ILogger<JobQueuePump> logger)
{
    public const string PoisonQueueName = StorageJobQueue.QueueName + "-poison";

    // Set once the queue is known to exist: creating it before every poll doubled the storage calls of an idle pump.
    private bool queueExists;

    /// <summary>Takes and processes one batch; returns how many messages it took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var messages = await ReceiveAsync(cancellationToken);
        await Task.WhenAll(messages.Select(m => HandleAsync(m, cancellationToken)));
        return messages.Length;
    }

    /// <summary>
    /// Processes until cancelled, as the Functions host does: a new batch is taken once no more than
    /// <see cref="JobQueuePumpOptions.NewBatchThreshold"/> messages are in flight, so a message that waits for its VM does
    /// not keep the queue's other messages (a job's <c>completed</c> event, which frees its slot) waiting; polling slows
    /// while the queue is empty (up to MaxPollingInterval).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var idle = TimeSpan.FromMilliseconds(100);
        var inFlight = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count > options.NewBatchThreshold)
                {
                    await Task.WhenAny(inFlight);
                    continue;
                }

                try
                {
                    var messages = await ReceiveAsync(cancellationToken);
                    if (messages.Length > 0)
                    {
                        // Each message on its own: a handler's synchronous stretch cannot hold up the loop either.
                        inFlight.AddRange(messages.Select(m => Task.Run(() => HandleAsync(m, cancellationToken), CancellationToken.None)));
                        idle = TimeSpan.FromMilliseconds(100);
                        continue;
                    }
                }
                catch (Exception ex) when (IsStorageFailure(ex))
                {
                    LogQueueUnavailable(logger, ex);
                }

                await Task.Delay(idle, time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollingInterval.Ticks));
            }
        }
        finally
        {
            await Task.WhenAll(inFlight).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Takes up to a batch of messages, creating the queue the first time (and again should it be deleted).</summary>
    private async Task<QueueMessage[]> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (!queueExists)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            queueExists = true;
        }

        try
        {
            return (await queue.ReceiveMessagesAsync(options.BatchSize, options.VisibilityTimeout, cancellationToken)).Value;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            queueExists = false;
            throw;
        }
    }

    /// <summary>
    /// A storage answer or no answer at all: the client's retry policy throws an <see cref="AggregateException"/> of the
    /// attempts' failures when every attempt failed without an answer (storage unreachable), and those attempts'
    /// failures are not all <see cref="Azure.RequestFailedException"/>s (a reset connection can surface as the socket's
    /// own error), so any exception of storage's client, wrapped or not, counts.
    /// </summary>
    private static bool IsStorageFailure(Exception ex) =>
        ex is Azure.RequestFailedException or HttpRequestException or IOException or System.Net.Sockets.SocketException
        || (ex is AggregateException aggregate && aggregate.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(IsStorageFailure));

    private async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, cancellationToken);
            return;
        }

        try
        {
            await processor.ProcessAsync(JobMessage.Parse(message.Body.ToString()), cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAttemptFailed(logger, ex, message.MessageId, message.DequeueCount);
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, cancellationToken);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        LogPoisoned(logger, message.MessageId, message.DequeueCount);
    }

    [LoggerMessage(EventId = 1400, EventName = "JobMessageFailed", Level = LogLevel.Warning,
        Message = "Job message {MessageId} failed on attempt {DequeueCount}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string messageId, long dequeueCount);

    [LoggerMessage(EventId = 1401, EventName = "JobMessagePoisoned", Level = LogLevel.Error,
        Message = "Job message {MessageId} moved to the poison queue after {DequeueCount} attempts")]
    private static partial void LogPoisoned(ILogger logger, string messageId, long dequeueCount);

    [LoggerMessage(EventId = 1402, EventName = "JobQueueUnavailable", Level = LogLevel.Warning,
        Message = "The job queue could not be read; trying again")]
    private static partial void LogQueueUnavailable(ILogger logger, Exception exception);
}
