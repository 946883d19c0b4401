using System.Net;
using System.Text.Json;
using Azure;
using Azure.Storage;
using Azure.Storage.Queues;
using Scaler.Core.Failures;
using Scaler.Core.Jobs;
using Scaler.Core.Storage;
using Scaler.Core.Tests.Fakes;
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

    [Fact]
    public async Task EnqueueAsync_WrongAccountKey_ThrowsUnauthorizedOfTheQueue()
    {
        var wrongKey = string.Join(';', Azurite.ConnectionString.Split(';').Select(p => p.StartsWith("AccountKey=", StringComparison.Ordinal) ? "AccountKey=" + FailingStorageHandler.Key : p));
        var name = Azurite.UniqueQueueName();
        var queue = new StorageJobQueue(new QueueClient(wrongKey, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64, Retry = { MaxRetries = 0 } }));

        var error = await Assert.ThrowsAsync<AdapterException>(() => queue.EnqueueAsync(Message(), CancellationToken.None));

        Assert.Equal((AdapterName.Queue, FailureKind.Unauthorized, false), (error.Adapter, error.Kind, error.IsTransient));
        Assert.StartsWith("storage answered 403", error.Message, StringComparison.Ordinal);
        Assert.Contains($"for queue {name}", error.Message, StringComparison.Ordinal);
        Assert.IsType<RequestFailedException>(error.InnerException);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServerBusy", 9, FailureKind.Throttled)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError", 0, FailureKind.Transient)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, "RequestBodyTooLarge", 0, FailureKind.Invalid)]
    public async Task DeferAsync_StorageError_ThrowsItsKindOfTheQueue(HttpStatusCode status, string code, int retryAfterSeconds, FailureKind expected)
    {
        var handler = new FailingStorageHandler(status, code, retryAfterSeconds > 0 ? TimeSpan.FromSeconds(retryAfterSeconds) : null);
        var client = new QueueClient(
            new Uri($"https://{FailingStorageHandler.Account}.queue.core.windows.net/{StorageJobQueue.QueueName}"),
            new StorageSharedKeyCredential(FailingStorageHandler.Account, FailingStorageHandler.Key),
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64, Transport = handler.Transport(), Retry = { MaxRetries = 0 } });

        var error = await Assert.ThrowsAsync<AdapterException>(() => new StorageJobQueue(client).DeferAsync(Message(), TimeSpan.FromMinutes(1), CancellationToken.None));

        Assert.Equal((AdapterName.Queue, expected), (error.Adapter, error.Kind));
        Assert.Equal(retryAfterSeconds > 0 ? TimeSpan.FromSeconds(retryAfterSeconds) : null, error.RetryAfter);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
    }

    private static JobMessage Message() => new()
    {
        DeliveryId = Guid.NewGuid(),
        Action = JobAction.Queued,
        JobId = 42,
        RunId = 43,
        RunAttempt = 1,
        Repository = "contoso/api",
        Labels = ["self-hosted", "linux"],
        Pool = "linux-x64",
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };
}
