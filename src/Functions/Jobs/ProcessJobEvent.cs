using Microsoft.Azure.Functions.Worker;
using Scaler.Core.Jobs;
using Scaler.Core.Storage;

namespace Scaler.Functions.Jobs;

/// <summary>
/// One message of <c>workflow-jobs</c>. A full pool or a rate limit puts the message back with a delay
/// (a fresh message, so waiting never counts towards the poison limit); a thrown exception lets the host
/// retry it (<c>maxDequeueCount</c> in host.json) and then move it to <c>workflow-jobs-poison</c>.
/// </summary>
public sealed class ProcessJobEvent(JobProcessor processor)
{
    [Function(nameof(ProcessJobEvent))]
    public async Task RunAsync([QueueTrigger(StorageJobQueue.QueueName, Connection = "AzureWebJobsStorage")] string body, CancellationToken cancellationToken)
    {
        await processor.ProcessAsync(JobMessage.Parse(body), cancellationToken);
    }
}
