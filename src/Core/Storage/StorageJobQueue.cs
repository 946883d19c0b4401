using System.Text.Json;
using Azure.Storage.Queues;
using Scaler.Core.Jobs;
using Scaler.Core.Webhooks;

namespace Scaler.Core.Storage;

/// <summary>
/// The <c>workflow-jobs</c> Azure Storage queue. Messages are base64 JSON, as the Functions queue trigger
/// reads them. The queue is created on first use; a failed creation is tried again on the next message.
/// </summary>
public sealed class StorageJobQueue(QueueClient queue) : IJobQueue
{
    public const string QueueName = "workflow-jobs";

    private Task? creation;

    public StorageJobQueue(StorageAccount account)
        : this(account.Queue(QueueName))
    {
    }

    public async Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var json = JsonSerializer.SerializeToUtf8Bytes(message, WebhookJson.Default.JobMessage);
        await queue.SendMessageAsync(BinaryData.FromBytes(json), cancellationToken: cancellationToken);
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
