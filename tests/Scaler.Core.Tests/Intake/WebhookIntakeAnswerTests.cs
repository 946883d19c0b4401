using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Scaler.Core.Intake;
using Scaler.Core.Jobs;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Intake;

/// <summary>
/// What GitHub shows in its delivery log (the answer's reason) and what an operator reads (the intake's log events
/// and the <c>scaler.webhooks</c> counter) for each kind of delivery.
/// </summary>
public class WebhookIntakeAnswerTests
{
    private static readonly byte[] Queued = Payloads.Read("app.queued.json");

    [Fact]
    public async Task AcceptAsync_Ping_AnswersPongAndLogsThePing()
    {
        using var harness = new IntakeHarness();

        var result = await harness.SendAsync(Payloads.Request("ping", Payloads.Read("ping.json")));

        Assert.Equal("pong", result.Response.Reason);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookPing");
    }

    [Fact]
    public async Task AcceptAsync_OtherEvent_SaysOnlyWorkflowJobEventsAreHandled()
    {
        using var harness = new IntakeHarness();

        var result = await harness.SendAsync(Payloads.Request("push", Payloads.Utf8("""{"ref":"refs/heads/main"}""")));

        Assert.Contains("only workflow_job events", result.Response.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_UnknownWorkflowJobAction_NamesTheActionAndTheEvent()
    {
        using var harness = new IntakeHarness();
        var body = Payloads.Utf8(Encoding.UTF8.GetString(Queued).Replace("\"action\": \"queued\"", "\"action\": \"requested\"", StringComparison.Ordinal));

        var result = await harness.SendAsync(Payloads.Request("workflow_job", body));

        Assert.Equal(IntakeOutcome.Ignored, result.Response.Outcome);
        Assert.Equal("action requested needs no runner", result.Response.Reason);
        var log = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookIgnored");
        Assert.Equal("workflow_job", log.GetStructuredStateValue("Event"));
    }

    [Fact]
    public async Task AcceptAsync_WaitingForApproval_LogsThatTheJobAwaitsApproval()
    {
        using var harness = new IntakeHarness();

        await harness.SendAsync(Payloads.Request("workflow_job", Payloads.Read("app.waiting.json")));

        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "JobAwaitingApproval");
    }

    [Fact]
    public async Task AcceptAsync_QueuedJob_LogsThePoolItWasQueuedTo()
    {
        using var harness = new IntakeHarness();

        await harness.SendAsync(Payloads.Request("workflow_job", Queued));

        var log = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookQueued");
        Assert.Equal("linux-x64", log.GetStructuredStateValue("Pool"));
        Assert.Equal("12877621891", log.GetStructuredStateValue("JobId"));
    }

    [Fact]
    public async Task AcceptAsync_QueueUnavailable_AsksGitHubToRedeliverLater()
    {
        using var harness = new IntakeHarness();
        harness.Queue.FailWith = new Azure.RequestFailedException(500, "storage down");

        var result = await harness.SendAsync(Payloads.Request("workflow_job", Queued));

        Assert.Contains("redeliver later", result.Response.Reason, StringComparison.Ordinal);
        Assert.Equal("linux-x64", result.Response.Pool);
        Assert.Equal(12877621891L, result.Response.JobId);
    }

    [Fact]
    public async Task AcceptAsync_ConnectionFailsMidBody_Answers400SayingTheBodyEndedEarly()
    {
        using var harness = new IntakeHarness();
        var stream = new GatedStream();
        stream.Send(Queued[..100]);
        stream.Fail(new IOException("connection reset"));

        var result = await harness.SendAsync(new WebhookRequest("workflow_job", Guid.NewGuid().ToString(), Payloads.Sign(Queued), Queued.Length, stream));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(IntakeOutcome.Rejected, result.Response.Outcome);
        Assert.Contains("ended early", result.Response.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task AcceptAsync_DeliveryHeaderNotAGuid_RejectionLoggedWithStatusAndWithoutTheHeader()
    {
        using var harness = new IntakeHarness();

        await harness.SendAsync(Payloads.Request("workflow_job", Queued, delivery: "not-a-guid"));

        var log = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookRejected");
        Assert.Equal("400", log.GetStructuredStateValue("StatusCode"));
        Assert.Equal("(none)", log.GetStructuredStateValue("DeliveryId"));
    }

    [Fact]
    public async Task AcceptAsync_ValidSignature_BodyLeavesTheUnauthenticatedBudgetBeforeItIsQueued()
    {
        var budget = new UnauthenticatedBodyBudget(IntakeOptions.DefaultUnauthenticatedBodyBytes);
        var queue = new BudgetWatchingQueue(budget);
        using var harness = new IntakeHarness(register: s => s.AddSingleton(budget).AddSingleton<IJobQueue>(queue));

        var result = await harness.SendAsync(Payloads.Request("workflow_job", Queued));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(0, queue.HeldWhenQueued);
    }

    [Fact]
    public async Task AcceptAsync_EachAnswer_CountedByOutcomeAndPool()
    {
        using var harness = new IntakeHarness();
        using var webhooks = new MetricCollector<long>(harness.Meters, "Scaler", "scaler.webhooks");

        await harness.SendAsync(Payloads.Request("workflow_job", Queued));
        await harness.SendAsync(Payloads.Request("workflow_job", Queued, signature: null));

        Assert.Collection(
            webhooks.GetMeasurementSnapshot(),
            m => Assert.Equal(("Queued", "linux-x64"), (m.Tags["outcome"], m.Tags["pool"])),
            m => Assert.Equal("Rejected", m.Tags["outcome"]));
    }

    /// <summary>Records how many unauthenticated bytes the budget held when the message was queued.</summary>
    private sealed class BudgetWatchingQueue(UnauthenticatedBodyBudget budget) : IJobQueue
    {
        public long? HeldWhenQueued { get; private set; }

        public Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken)
        {
            HeldWhenQueued = budget.Held;
            return Task.CompletedTask;
        }

        public Task DeferAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
