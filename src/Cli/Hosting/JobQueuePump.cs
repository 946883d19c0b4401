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

    /// <summary>Takes and processes one batch; returns how many messages it took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var messages = (await queue.ReceiveMessagesAsync(options.BatchSize, options.VisibilityTimeout, cancellationToken)).Value;
        await Task.WhenAll(messages.Select(m => HandleAsync(m, cancellationToken)));
        return messages.Length;
    }

    /// <summary>Processes until cancelled, polling more slowly while the queue is empty (up to MaxPollingInterval).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var idle = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(cancellationToken) > 0)
                {
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

    /// <summary>
    /// A storage answer or no answer at all: the client's retry policy throws an <see cref="AggregateException"/> of the
    /// attempts' failures when every attempt failed without an answer (storage unreachable), not a <see cref="Azure.RequestFailedException"/>.
    /// </summary>
    private static bool IsStorageFailure(Exception ex) =>
        ex is Azure.RequestFailedException
        || (ex is AggregateException aggregate && aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => e is Azure.RequestFailedException));

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
