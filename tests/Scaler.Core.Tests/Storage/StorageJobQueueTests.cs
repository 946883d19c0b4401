using System.Text.Json;
using Azure.Storage.Queues;
using Scaler.Core.Jobs;
using Scaler.Core.Storage;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Storage;

public class StorageJobQueueTests
{
    [Fact]
    public async Task EnqueueAsync_MissingQueue_CreatesItAndWritesBase64Json()
    {
        var client = new QueueClient(Azurite.ConnectionString, Azurite.UniqueQueueName(), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queue = new StorageJobQueue(client);
        var message = new JobMessage
        {
            DeliveryId = Guid.NewGuid(),
            Action = JobAction.InProgress,
            JobId = 1L << 40,
            RunId = (1L << 33) + 5,
            RunAttempt = 2,
            Repository = "contoso/api",
            Labels = ["self-hosted", "linux"],
            Pool = "linux-x64",
            ReceivedAt = DateTimeOffset.UnixEpoch,
        };

        await queue.EnqueueAsync(message, CancellationToken.None);
        await queue.EnqueueAsync(message with { Action = JobAction.Completed }, CancellationToken.None);

        var received = (await client.ReceiveMessagesAsync(maxMessages: 10)).Value;
        Assert.Equal(2, received.Length);
        var json = received[0].Body.ToString();
        Assert.Contains("\"action\":\"in_progress\"", json, StringComparison.Ordinal);
        Assert.Contains("\"job_id\":1099511627776", json, StringComparison.Ordinal);
        var roundTrip = JsonSerializer.Deserialize(json, JobJson.Default.JobMessage)!;
        Assert.Equal(message.Labels, roundTrip.Labels);
        Assert.Equal(message with { Labels = [] }, roundTrip with { Labels = [] });
    }
}
