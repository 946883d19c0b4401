using System.Text;
using System.Text.Json;
using Octokit;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.GitHub.Jobs;
using Scaler.Emulators.GitHub.Webhooks;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class WebhookTests
{
    [Fact]
    public void Compute_GitHubTestVector_MatchesDocumentedSignature()
    {
        var signature = WebhookSignature.Compute("It's a Secret to Everybody", Encoding.UTF8.GetBytes("Hello, World!"));

        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", signature);
    }

    [Fact]
    public async Task QueueJob_Queued_DeliversSignedWorkflowJobWebhook()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["self-hosted", "linux"]));
        var webhook = await harness.Receiver.NextAsync();
        var body = JsonDocument.Parse(webhook.Body).RootElement;

        Assert.Equal(WebhookSignature.Compute(EmulatorHarness.Secret, webhook.Body), webhook.Signature);
        Assert.Equal("workflow_job", webhook.Event);
        Assert.True(Guid.TryParse(webhook.Delivery, out _));
        Assert.StartsWith("GitHub-Hookshot/", webhook.UserAgent, StringComparison.Ordinal);
        Assert.StartsWith("application/json", webhook.ContentType, StringComparison.Ordinal);
        Assert.Equal("queued", body.GetProperty("action").GetString());
        Assert.Equal(job.Id, body.GetProperty("workflow_job").GetProperty("id").GetInt64());
        Assert.True(job.Id > uint.MaxValue);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("workflow_job").GetProperty("runner_id").ValueKind);
        Assert.Equal("acme/app", body.GetProperty("repository").GetProperty("full_name").GetString());
        Assert.Equal(EmulatorHarness.InstallationId, body.GetProperty("installation").GetProperty("id").GetInt64());
        Assert.Equal("acme-ent", body.GetProperty("enterprise").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task DroppedDelivery_ListedAsFailed_RedeliveredWithSameGuid()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var recorded = new TaskCompletionSource<WebhookDeliveryInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Emulator.DeliveryRecorded += d => recorded.TrySetResult(d);
        harness.Emulator.Faults.WebhookFault = new WebhookFault { DropRate = 1 };
        harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));
        await recorded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        harness.Emulator.Faults.ClearAll();
        var app = new ApiConnection(harness.AppClient().Connection);

        var deliveries = await app.GetAll<DeliveryModel>(new Uri("app/hook/deliveries", UriKind.Relative));
        var failed = Assert.Single(deliveries);
        var redeliveryRecorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Emulator.DeliveryRecorded += d =>
        {
            if (d.Redelivery)
            {
                redeliveryRecorded.TrySetResult();
            }
        };
        await app.Post(new Uri($"app/hook/deliveries/{failed.Id}/attempts", UriKind.Relative));
        var redelivered = await harness.Receiver.NextAsync();
        await redeliveryRecorded.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotEqual("OK", failed.Status);
        Assert.Equal("queued", failed.Action);
        Assert.Equal(failed.Guid, redelivered.Delivery);
        Assert.Equal(1, harness.Emulator.Counters.WebhooksDropped);
        Assert.Equal(1, harness.Emulator.Counters.WebhooksRedelivered);
        var latest = (await app.GetAll<DeliveryModel>(new Uri("app/hook/deliveries", UriKind.Relative)))[0];
        Assert.True(latest.Redelivery);
        Assert.Equal("OK", latest.Status);
    }

    [Fact]
    public async Task ListDeliveries_ReceiverAnswers503_RecordsInvalidHttpResponse()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Receiver.StatusCode = 503;
        var recorded = new TaskCompletionSource<WebhookDeliveryInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Emulator.DeliveryRecorded += d => recorded.TrySetResult(d);

        harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));
        var delivery = await recorded.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("Invalid HTTP Response: 503", delivery.Status);
        Assert.Equal(503, delivery.StatusCode);
        Assert.Equal(1, harness.Emulator.Counters.WebhooksFailed);
    }

    [Fact]
    public async Task ListDeliveries_MoreThanOnePage_PagesNewestFirstWithCursor()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var count = 0;
        var allRecorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Emulator.DeliveryRecorded += _ =>
        {
            if (Interlocked.Increment(ref count) == 3)
            {
                allRecorded.TrySetResult();
            }
        };
        for (var i = 0; i < 3; i++)
        {
            harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));
        }

        await allRecorded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var app = new ApiConnection(harness.AppClient().Connection);
        var all = await app.GetAll<DeliveryModel>(new Uri("app/hook/deliveries", UriKind.Relative), new Dictionary<string, string> { ["per_page"] = "2" });

        Assert.Equal(3, all.Count);
        Assert.Equal(all.Select(d => d.Id).OrderDescending(), all.Select(d => d.Id));
    }

    [Fact]
    public async Task DuplicateFault_SendsSameGuidTwice()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.WebhookFault = new WebhookFault { DuplicateRate = 1 };

        harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));
        var first = await harness.Receiver.NextAsync();
        var second = await harness.Receiver.NextAsync();

        Assert.Equal(first.Delivery, second.Delivery);
        Assert.Equal(1, harness.Emulator.Counters.WebhooksDuplicated);
    }

    [Fact]
    public async Task ReorderFault_HoldsDeliveryUntilAfterTheNext()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.FaultSeed = 7);
        harness.Emulator.Faults.WebhookFault = new WebhookFault { ReorderRate = 1 };

        var first = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));
        var second = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));
        var received = new[] { await harness.Receiver.NextAsync(), await harness.Receiver.NextAsync() }
            .Select(w => JsonDocument.Parse(w.Body).RootElement.GetProperty("workflow_job").GetProperty("id").GetInt64());

        Assert.Equal([second.Id, first.Id], received);
        Assert.Equal(1, harness.Emulator.Counters.WebhooksReordered);
    }
}
