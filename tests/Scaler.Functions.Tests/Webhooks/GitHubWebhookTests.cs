using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Scaler.Core.Intake;
using Scaler.Core.Jobs;
using Scaler.Core.Storage;
using Scaler.Functions.Webhooks;
using Scaler.Tests.Shared;

namespace Scaler.Functions.Tests.Webhooks;

/// <summary>The function class called directly, with the real queue client against Azurite.</summary>
public sealed class GitHubWebhookTests : IDisposable
{
    private readonly QueueClient queue = new(Azurite.ConnectionString, Azurite.UniqueQueueName(), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    private readonly ServiceProvider services;

    public GitHubWebhookTests()
    {
        queue.CreateIfNotExists();
        services = FunctionsHost.Build(TestSettings.Values(Azurite.ConnectionString), s => s.AddSingleton<IJobQueue>(new StorageJobQueue(queue)));
    }

    [Theory]
    [InlineData("app.queued.json", "queued", 12877621891L, "linux-x64")]
    [InlineData("repository.queued.json", "queued", 29778245101L, "octocat")]
    [InlineData("organization.in_progress.json", "in_progress", 29778245102L, "linux-x64")]
    [InlineData("enterprise.completed.json", "completed", 29778245103L, "linux-x64")]
    public async Task RunAsync_SignedWorkflowJob_Answers202AndQueuesOneMessage(string payload, string action, long jobId, string pool)
    {
        var body = Payloads.ReadCreatedAt(payload, TimeProvider.System.GetUtcNow());
        var delivery = Guid.NewGuid();

        var result = await InvokeAsync("workflow_job", body, Payloads.Sign(body), delivery.ToString());

        Assert.Equal(202, result.StatusCode);
        var response = Assert.IsType<IntakeResponse>(result.Value);
        Assert.Equal(IntakeOutcome.Queued, response.Outcome);
        var messages = (await queue.ReceiveMessagesAsync(maxMessages: 32)).Value;
        var json = Assert.Single(messages).Body.ToString();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(delivery, root.GetProperty("delivery_id").GetGuid());
        Assert.Equal(action, root.GetProperty("action").GetString());
        Assert.Equal(jobId, root.GetProperty("job_id").GetInt64());
        Assert.Equal(pool, root.GetProperty("pool").GetString());
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000", 401)]
    public async Task RunAsync_BadSignature_IsRejectedAndQueuesNothing(string? signature, int status)
    {
        var result = await InvokeAsync("workflow_job", Payloads.Read("app.queued.json"), signature, Guid.NewGuid().ToString());

        Assert.Equal(status, result.StatusCode);
        Assert.Empty((await queue.PeekMessagesAsync(maxMessages: 32)).Value);
    }

    [Fact]
    public async Task RunAsync_MissingDeliveryHeader_Answers400()
    {
        var body = Payloads.Read("app.queued.json");

        var result = await InvokeAsync("workflow_job", body, Payloads.Sign(body), delivery: null);

        Assert.Equal(400, result.StatusCode);
        Assert.Empty((await queue.PeekMessagesAsync(maxMessages: 32)).Value);
    }

    [Fact]
    public async Task RunAsync_Ping_Answers200()
    {
        var body = Payloads.Read("ping.json");

        var result = await InvokeAsync("ping", body, Payloads.Sign(body), Guid.NewGuid().ToString());

        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public async Task RunAsync_DeclaredOversizeBody_Answers413()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentLength = CappedBody.MaxBytes + 1L;
        context.Request.Body = new MemoryStream([1, 2, 3]);
        context.Request.Headers["X-GitHub-Event"] = "workflow_job";

        var result = Assert.IsType<JsonResult>(await Function().RunAsync(context.Request, CancellationToken.None));

        Assert.Equal(413, result.StatusCode);
    }

    [Fact]
    public async Task RunAsync_UnauthenticatedBodyBudgetSpent_Answers503WithRetryAfter()
    {
        var budget = new UnauthenticatedBodyBudget(IntakeOptions.DefaultUnauthenticatedBodyBytes);
        Assert.True(budget.TryReserve(budget.Capacity));
        using var provider = FunctionsHost.Build(TestSettings.Values(Azurite.ConnectionString), s => s.AddSingleton(budget));
        var function = ActivatorUtilities.CreateInstance<GitHubWebhook>(provider);
        var body = Payloads.Read("app.queued.json");
        var request = Request("workflow_job", body, Payloads.Sign(body), Guid.NewGuid().ToString());

        var result = Assert.IsType<JsonResult>(await function.RunAsync(request, CancellationToken.None));

        Assert.Equal(503, result.StatusCode);
        Assert.Equal("10", request.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.Equal(0, request.Body.Position);
    }

    [Fact]
    public async Task RunAsync_DefaultWiring_QueuesOnWorkflowJobs()
    {
        using var provider = FunctionsHost.Build(TestSettings.Values(Azurite.ConnectionString));
        var function = ActivatorUtilities.CreateInstance<GitHubWebhook>(provider);
        var body = Payloads.ReadCreatedAt("app.queued.json", TimeProvider.System.GetUtcNow());
        var delivery = Guid.NewGuid();

        var result = Assert.IsType<JsonResult>(await function.RunAsync(Request("workflow_job", body, Payloads.Sign(body), delivery.ToString()), CancellationToken.None));

        Assert.Equal(202, result.StatusCode);
        var jobs = new QueueClient(Azurite.ConnectionString, StorageJobQueue.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var peeked = (await jobs.PeekMessagesAsync(maxMessages: 32)).Value;
        Assert.Contains(peeked, m => m.Body.ToString().Contains(delivery.ToString(), StringComparison.Ordinal));
    }

    public void Dispose()
    {
        queue.DeleteIfExists();
        services.Dispose();
    }

    private GitHubWebhook Function() => ActivatorUtilities.CreateInstance<GitHubWebhook>(services);

    private async Task<JsonResult> InvokeAsync(string @event, byte[] body, string? signature, string? delivery) =>
        Assert.IsType<JsonResult>(await Function().RunAsync(Request(@event, body, signature, delivery), CancellationToken.None));

    private static HttpRequest Request(string @event, byte[] body, string? signature, string? delivery)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body);
        context.Request.Headers["X-GitHub-Event"] = @event;
        if (signature is not null)
        {
            context.Request.Headers["X-Hub-Signature-256"] = signature;
        }

        if (delivery is not null)
        {
            context.Request.Headers["X-GitHub-Delivery"] = delivery;
        }

        return context.Request;
    }
}
