using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Scaler.Cli.Hosting;
using Scaler.Core.Failures;
using Scaler.Core.Storage;
using Scaler.Core.Tests.Fakes;
using Scaler.Emulators.Common;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.SelfHost;

/// <summary>The self-host's (<c>scaler serve</c>) queue pump on Azurite, with the Functions host's retry and poison rules.</summary>
public sealed class JobQueuePumpTests : IDisposable
{
    private static readonly QueueClientOptions Base64 = new() { MessageEncoding = QueueMessageEncoding.Base64 };
    private readonly QueueClient queue = new(Azurite.ConnectionString, Azurite.UniqueQueueName(), Base64);
    private readonly QueueClient poison;
    private readonly ProcessorHarness harness = new();

    public JobQueuePumpTests()
    {
        poison = new QueueClient(Azurite.ConnectionString, queue.Name + "-poison", Base64);
    }

    [Fact]
    public async Task RunOnce_ProcessedMessage_IsDeleted()
    {
        await new StorageJobQueue(queue).EnqueueAsync(harness.Queued(1), CancellationToken.None);

        var taken = await Pump(maxDequeueCount: 5).RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, taken);
        Assert.True(harness.Vms.Exists("linux-x64-1"));
        Assert.Empty((await queue.PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task RunOnce_MessageFailingEveryTime_MovesToPoisonAfterMaxDequeueCount()
    {
        for (var i = 0; i < 10; i++)
        {
            harness.GitHub.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Transient, "502"));
        }

        await new StorageJobQueue(queue).EnqueueAsync(harness.Queued(2), CancellationToken.None);
        var pump = Pump(maxDequeueCount: 2);

        // Each attempt hides the message for the (one second) visibility timeout; poll until it moves.
        var attempts = 0;
        while ((await poison.PeekMessagesAsync()).Value.Length == 0 && attempts < 200)
        {
            attempts += await pump.RunOnceAsync(CancellationToken.None);
        }

        Assert.Equal(2, attempts);
        Assert.Single((await poison.PeekMessagesAsync()).Value);
        Assert.Empty((await queue.PeekMessagesAsync()).Value);
        Assert.False(harness.Vms.Exists("linux-x64-2"));
    }

    [Fact]
    public async Task Run_StorageUnreachableLongerThanTheClientRetries_KeepsPollingAndProcessesOnceItIsBack()
    {
        var port = int.Parse(Regex.Match(Azurite.ConnectionString, @"QueueEndpoint=http://127\.0\.0\.1:(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await using var proxy = await TcpFaultProxy.StartAsync(port, CancellationToken.None);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        (options.Retry.MaxRetries, options.Retry.Delay) = (2, TimeSpan.FromMilliseconds(1));
        var proxied = new QueueClient(Regex.Replace(Azurite.ConnectionString, @"(QueueEndpoint=http://127\.0\.0\.1:)\d+", $"${{1}}{proxy.Port}"), queue.Name, options);
        var logger = new FakeLogger<JobQueuePump>();
        poison.CreateIfNotExists();
        var pump = new JobQueuePump(proxied, poison, harness.Processor, new JobQueuePumpOptions { MaxPollingInterval = TimeSpan.FromMilliseconds(50) }, TimeProvider.System, logger);
        using var stop = new CancellationTokenSource();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        proxy.Cut();

        // Every receive fails through all of the client's retries (which end in an AggregateException, not a RequestFailedException).
        var running = pump.RunAsync(stop.Token);
        while (logger.Collector.GetSnapshot().Count(r => r.Id.Name == "JobQueueUnavailable") < 2 && !running.IsCompleted)
        {
            await poll.WaitForNextTickAsync(giveUp.Token);
        }

        proxy.Restore();
        await new StorageJobQueue(queue).EnqueueAsync(harness.Queued(3), CancellationToken.None);
        while (!harness.Vms.Exists("linux-x64-3") && !running.IsCompleted)
        {
            await poll.WaitForNextTickAsync(giveUp.Token);
        }

        Assert.True(harness.Vms.Exists("linux-x64-3"), running.Exception?.ToString());
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopped while it was receiving: the way the serve host stops it.
        }
    }

    [Fact]
    public async Task RunOnce_SecondPoll_DoesNotCreateTheQueueAgain()
    {
        var requests = new CountingPolicy();
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerCall);
        var counted = new QueueClient(Azurite.ConnectionString, queue.Name, options);
        var pump = new JobQueuePump(counted, poison, harness.Processor, new JobQueuePumpOptions(), TimeProvider.System, NullLogger<JobQueuePump>.Instance);

        await pump.RunOnceAsync(CancellationToken.None);
        await pump.RunOnceAsync(CancellationToken.None);
        await pump.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, requests.Count("PUT"));
        Assert.Equal(3, requests.Count("GET"));
    }

    [Fact]
    public async Task Run_MessageStillProcessing_TakesTheNextMessageMeanwhile()
    {
        using var firstCreating = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var secondListed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Vms.CreateStarted = name =>
        {
            if (name == "linux-x64-2")
            {
                secondListed.TrySetResult();
            }
        };
        harness.Vms.BeforeCreate = name =>
        {
            if (name == "linux-x64-1")
            {
                firstCreating.Set();
                releaseFirst.Wait(TimeSpan.FromMinutes(1));
            }
        };
        var jobQueue = new StorageJobQueue(queue);
        await jobQueue.EnqueueAsync(harness.Queued(1), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var pump = Pump(maxDequeueCount: 5);
        var running = Task.Run(() => pump.RunAsync(stop.Token));
        try
        {
            Assert.True(await Task.Run(() => firstCreating.Wait(TimeSpan.FromSeconds(30))));

            await jobQueue.EnqueueAsync(harness.Queued(2), CancellationToken.None);

            // The second job's VM comes while the first one's create is held.
            await secondListed.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(harness.Vms.Exists("linux-x64-2"));
            Assert.False(harness.Vms.Exists("linux-x64-1"));
        }
        finally
        {
            releaseFirst.Set();
            await stop.CancelAsync();

            // Stopping ends the pump quietly or with the cancelled poll's exception, as the hosted service expects.
            await running.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public void Dispose()
    {
        queue.DeleteIfExists();
        poison.DeleteIfExists();
        harness.Dispose();
    }

    private JobQueuePump Pump(int maxDequeueCount)
    {
        poison.CreateIfNotExists();
        var options = new JobQueuePumpOptions { VisibilityTimeout = TimeSpan.FromSeconds(1), MaxDequeueCount = maxDequeueCount };
        return new JobQueuePump(queue, poison, harness.Processor, options, TimeProvider.System, NullLogger<JobQueuePump>.Instance);
    }

    /// <summary>Counts the requests a client sends, by method.</summary>
    private sealed class CountingPolicy : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> counts = new();

        public int Count(string method) => counts.GetValueOrDefault(method);

        public override void OnSendingRequest(Azure.Core.HttpMessage message) =>
            counts.AddOrUpdate(message.Request.Method.Method, 1, (_, n) => n + 1);
    }
}
