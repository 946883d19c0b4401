using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Scaler.Cli.Sandbox;
using Scaler.Core.Runners;
using Scaler.Core.Storage;
using Scaler.Core.Telemetry;
using Scaler.Functions.Tests.Host;
using Scaler.Functions.Tests.Host.Rpc;
using Scaler.Tests.Shared;

namespace Scaler.Functions.Tests;

/// <summary>
/// The built Functions app, started as a process the way the Functions host starts a .NET isolated worker, and
/// driven over the language-worker protocol by <see cref="FunctionsHostStandIn"/>: init, metadata, load, and one
/// invocation of each kind of trigger, against Azurite and the GitHub and ARM emulators.
/// </summary>
public sealed class FunctionsWorkerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private const string HostTraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public async Task Worker_UnderTheHost_ServesWebhookQueueAndTimerAndExportsTheJobsTrace()
    {
        using var timeout = new CancellationTokenSource(Limit);
        var cancellationToken = timeout.Token;
        await using var world = await HostedWorld.StartAsync(cancellationToken);
        await using var worker = WorkerProcess.Start(world.Host.GrpcUri, world.Environment());
        var session = new HostSession(world.Host.Stream, worker, WorkerProcess.AppDirectory);

        var init = await session.InitAsync(cancellationToken);
        Assert.Equal(StatusResult.Types.Status.Success, init.Result.Status);
        var workerHttp = new Uri(init.Capabilities[HostSession.HttpUriCapability]);
        var functions = (await session.LoadFunctionsAsync(cancellationToken)).FunctionMetadataResults.ToDictionary(f => f.Name);
        Assert.Equal(["GitHubWebhook", "ProcessJobEvent", "Reconcile", "RunnerVersions"], functions.Keys.Order(StringComparer.Ordinal));
        var http = Trigger(functions["GitHubWebhook"], "httpTrigger");
        Assert.Equal(("github/webhook", "post", "Anonymous"), ((string)http["route"]!, (string)http["methods"]![0]!, (string)http["authLevel"]!));
        var queueTrigger = Trigger(functions["ProcessJobEvent"], "queueTrigger");
        Assert.Equal((StorageJobQueue.QueueName, "AzureWebJobsStorage"), ((string)queueTrigger["queueName"]!, (string)queueTrigger["connection"]!));
        Assert.Equal("0 */1 * * * *", (string)Trigger(functions["Reconcile"], "timerTrigger")["schedule"]!);
        Assert.Equal("0 7 * * * *", (string)Trigger(functions["RunnerVersions"], "timerTrigger")["schedule"]!);

        // The webhook, through the worker's ASP.NET Core server as the host forwards it.
        var (body, jobId) = QueuedDelivery();
        var (response, webhook) = await session.InvokeHttpAsync(functions["GitHubWebhook"], workerHttp, SignedDelivery(body, world.Secret), HostTraceParent, cancellationToken);
        Assert.Equal(StatusResult.Types.Status.Success, webhook.Result.Status);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var queue = new QueueClient(world.Azurite.ConnectionString, StorageJobQueue.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var message = (await queue.ReceiveMessageAsync(TimeSpan.FromMinutes(5), cancellationToken)).Value;
        Assert.NotNull(message);
        var queued = JsonNode.Parse(message.Body.ToString())!;
        Assert.Equal(jobId, (long)queued["job_id"]!);
        Assert.Equal(JobTrace.TraceIdOf(jobId), ActivityContext.Parse((string)queued["trace_parent"]!, null).TraceId);

        // The queue function on that message, as the host's queue listener hands it over.
        var processed = await session.InvokeAsync(
            functions["ProcessJobEvent"],
            new ParameterBinding { Name = "body", Data = new TypedData { String = message.Body.ToString() } },
            new Dictionary<string, TypedData> { ["Id"] = new() { String = message.MessageId }, ["DequeueCount"] = new() { Json = message.DequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            HostTraceParent,
            cancellationToken);
        Assert.Equal(StatusResult.Types.Status.Success, processed.Result.Status);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        var jobVm = Assert.Single(world.Arm.VirtualMachines);
        Assert.Equal(jobId.ToString(System.Globalization.CultureInfo.InvariantCulture), jobVm.Tags[RunnerTags.JobId]);
        Assert.Contains(world.Host.Platform.TokensIssued, t => t.Resource.StartsWith("https://management.azure.com", StringComparison.Ordinal) && t.ClientId == HostedWorld.ClientId);

        // The reconcile timer: the linux-x64 pool keeps two runners idle or booting, so a warm VM joins the job's.
        var reconciled = await session.InvokeAsync(
            functions["Reconcile"],
            new ParameterBinding { Name = "timer", Data = new TypedData { Json = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}""" } },
            new Dictionary<string, TypedData>(),
            HostTraceParent,
            cancellationToken);
        Assert.Equal(StatusResult.Types.Status.Success, reconciled.Result.Status);
        Assert.Equal(2, world.Arm.VirtualMachines.Count);
        Assert.Contains(world.Host.Stream.Logs, l => l.Level == RpcLog.Types.Level.Information && l.Message.StartsWith("Reconcile pool linux-x64", StringComparison.Ordinal));

        // On shutdown the worker flushes its telemetry to Application Insights.
        await session.TerminateAsync(cancellationToken);
        var telemetry = world.Host.Platform.Telemetry.ToList();
        var jobTrace = JobTrace.TraceIdOf(jobId).ToHexString();
        // The workbook and the alerts select on these properties (customDimensions).
        var queuedLog = Assert.Single(telemetry, t => Message(t).StartsWith("Queued workflow_job queued", StringComparison.Ordinal));
        Assert.Equal(jobTrace, Operation(queuedLog));
        var properties = queuedLog["data"]!["baseData"]!["properties"]!;
        Assert.Equal(("WebhookQueued", "1000", "linux-x64"), ((string?)properties["EventName"], (string?)properties["EventId"], (string?)properties["Pool"]));
        Assert.Contains(telemetry, t => Name(t) == "webhook queued" && Operation(t) == jobTrace);
        Assert.Contains(telemetry, t => Name(t) == "vm create" && Operation(t) == jobTrace);
        Assert.Contains(telemetry, t => Message(t).StartsWith("Reconcile pool linux-x64", StringComparison.Ordinal));
        Assert.Contains(world.Host.Platform.IngestionAuthorization, a => a?.StartsWith("Bearer stand-in-", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Worker_WithoutWebhookSecret_RefusesToStartNamingTheSetting()
    {
        using var timeout = new CancellationTokenSource(Limit);
        await using var world = await HostedWorld.StartAsync(timeout.Token);
        var environment = world.Environment();
        environment.Remove("GitHub__WebhookSecret");

        await using var worker = WorkerProcess.Start(world.Host.GrpcUri, environment);
        await worker.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, worker.ExitCode);
        Assert.Contains("GitHub__WebhookSecret is not set", worker.Output, StringComparison.Ordinal);
    }

    /// <summary>A real <c>queued</c> payload for the sandbox's organization and App installation.</summary>
    private static (byte[] Body, long JobId) QueuedDelivery()
    {
        var payload = JsonNode.Parse(Payloads.ReadCreatedAt("app.queued.json", TimeProvider.System.GetUtcNow()))!;
        payload["installation"]!["id"] = Sandbox.InstallationId;
        return (JsonSerializer.SerializeToUtf8Bytes(payload), (long)payload["workflow_job"]!["id"]!);
    }

    private static HttpRequestMessage SignedDelivery(byte[] body, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost/api/github/webhook") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-GitHub-Event", "workflow_job");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", Payloads.Sign(body, secret));
        return request;
    }

    /// <summary>The function's one trigger binding, as the worker declared it in its metadata.</summary>
    private static JsonNode Trigger(RpcFunctionMetadata function, string type) =>
        function.RawBindings.Select(b => JsonNode.Parse(b)!).Single(b => (string?)b["type"] == type);

    private static string Operation(JsonObject item) => (string?)item["tags"]?["ai.operation.id"] ?? "";

    private static string Name(JsonObject item) => (string?)item["data"]?["baseData"]?["name"] ?? "";

    private static string Message(JsonObject item) => (string?)item["data"]?["baseData"]?["message"] ?? "";
}
