using Azure;
using Azure.Storage.Queues;
using Scaler.Core.Failures;
using Scaler.Core.Jobs;

namespace Scaler.Core.Storage;

/// <summary>
/// The <c>workflow-jobs</c> Azure Storage queue. Messages are base64 JSON, as the Functions queue trigger
/// reads them. The queue is created on first use; a failed creation is tried again on the next message. A storage
/// failure leaves as an <see cref="AdapterException"/> of <see cref="AdapterName.Queue"/>.
/// </summary>
public sealed class StorageJobQueue(QueueClient queue) : IJobQueue
{
    public const string QueueName = "workflow-jobs";

    private Task? creation;

    public StorageJobQueue(StorageAccount account)
        : this(account.Queue(QueueName))
    {
    }

    public Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken) =>
        SendAsync(message, null, cancellationToken);

    /// <summary>Azure Storage allows a visibility delay of up to 7 days.</summary>
    public Task DeferAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        SendAsync(message, TimeSpan.FromSeconds(Math.Clamp(delay.TotalSeconds, 1, TimeSpan.FromDays(7).TotalSeconds - 1)), cancellationToken);

    private async Task SendAsync(JobMessage message, TimeSpan? delay, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureCreatedAsync(cancellationToken);
            await queue.SendMessageAsync(BinaryData.FromBytes(message.ToJson()), visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw StorageFailures.Map(AdapterName.Queue, e, "queue " + queue.Name);
        }
    }

    /// <summary>Creates the queue once; concurrent first callers may both ask, which is harmless.</summary>
    private Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var task = creation;
        if (task is null || task.IsFaulted || task.IsCanceled)
        {
            task = queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            creation = task;
        }

        return task.WaitAsync(cancellationToken);
    }
}
