using Scaler.Core.Intake;
using Scaler.Core.Jobs;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Intake;

public class WebhookIntakeTests
{
    [Fact]
    public async Task AcceptAsync_AppQueuedJobAbove32Bits_QueuesCompleteMessage()
    {
        using var harness = new IntakeHarness();
        var body = Payloads.Read("app.queued.json");
        var delivery = Guid.NewGuid();

        var result = await harness.SendAsync(Payloads.Request("workflow_job", body, delivery: delivery.ToString()));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(IntakeOutcome.Queued, result.Response.Outcome);
        var message = Assert.Single(harness.Queue.Messages);
        Assert.Equal(JobMessage.CurrentVersion, message.Version);
        Assert.Equal(delivery, message.DeliveryId);
        Assert.Equal(JobAction.Queued, message.Action);
        Assert.Equal(12877621891L, message.JobId);
        Assert.Equal(4747967848L, message.RunId);
        Assert.Equal(1, message.RunAttempt);
        Assert.Equal("contoso/api", message.Repository);
        Assert.Equal("contoso", message.Organization);
        Assert.Null(message.Enterprise);
        Assert.Equal(23154469L, message.InstallationId);
        Assert.Equal(["self-hosted", "linux", "x64"], message.Labels);
        Assert.Equal("linux-x64", message.Pool);
        Assert.Null(message.RunnerName);
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T21:12:12Z", System.Globalization.CultureInfo.InvariantCulture), message.CreatedAt);
        Assert.Equal(harness.Clock.GetUtcNow(), message.ReceivedAt);
    }

    [Fact]
    public async Task AcceptAsync_RepositoryHook_RoutesToRepoPool()
    {
        using var harness = new IntakeHarness();

        var result = await harness.SendAsync(Payloads.Request("workflow_job", Payloads.Read("repository.queued.json")));

        Assert.Equal(202, result.StatusCode);
        var message = Assert.Single(harness.Queue.Messages);
        Assert.Equal("octocat", message.Pool);
        Assert.Null(message.Organization);
        Assert.Null(message.InstallationId);
    }

    [Fact]
    public async Task AcceptAsync_OrganizationInProgress_CarriesRunner()
    {
        using var harness = new IntakeHarness();

        await harness.SendAsync(Payloads.Request("workflow_job", Payloads.Read("organization.in_progress.json")));

        var message = Assert.Single(harness.Queue.Messages);
        Assert.Equal(JobAction.InProgress, message.Action);
        Assert.Equal(23L, message.RunnerId);
        Assert.Equal("linux-x64-29778245102", message.RunnerName);
        Assert.NotNull(message.StartedAt);
    }

    [Fact]
    public async Task AcceptAsync_EnterpriseCompleted_CarriesEnterpriseAndConclusion()
    {
        using var harness = new IntakeHarness();

        await harness.SendAsync(Payloads.Request("workflow_job", Payloads.Read("enterprise.completed.json")));

        var message = Assert.Single(harness.Queue.Messages);
        Assert.Equal(JobAction.Completed, message.Action);
        Assert.Equal("contoso-corp", message.Enterprise);
        Assert.Equal("success", message.Conclusion);
        Assert.NotNull(message.CompletedAt);
    }

    [Fact]
    public async Task AcceptAsync_Ping_Answers200AndQueuesNothing()
    {
        using var harness = new IntakeHarness();

        var result = await harness.SendAsync(Payloads.Request("ping", Payloads.Read("ping.json")));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(IntakeOutcome.Pong, result.Response.Outcome);
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task AcceptAsync_OtherEvent_Answers202IgnoredAndLogsAtDebug()
    {
        using var harness = new IntakeHarness();

        var result = await harness.SendAsync(Payloads.Request("push", Payloads.Utf8("""{"ref":"refs/heads/main"}""")));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(IntakeOutcome.Ignored, result.Response.Outcome);
        Assert.Empty(harness.Queue.Messages);
        var log = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookIgnored");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, log.Level);
    }

    [Fact]
    public async Task AcceptAsync_WaitingForApproval_QueuesNothing()
    {
        using var harness = new IntakeHarness();

        var result = await harness.SendAsync(Payloads.Request("workflow_job", Payloads.Read("app.waiting.json")));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(IntakeOutcome.Ignored, result.Response.Outcome);
        Assert.Contains("approval", result.Response.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task AcceptAsync_QueuedActionWithWaitingStatus_QueuesNothing()
    {
        using var harness = new IntakeHarness();
        var body = Payloads.Utf8(System.Text.Encoding.UTF8.GetString(Payloads.Read("app.waiting.json")).Replace("\"action\": \"waiting\"", "\"action\": \"queued\"", StringComparison.Ordinal));

        var result = await harness.SendAsync(Payloads.Request("workflow_job", body));

        Assert.Equal(IntakeOutcome.Ignored, result.Response.Outcome);
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task AcceptAsync_GitHubHostedLabels_NotRoutedWithReasonAndLog()
    {
        using var harness = new IntakeHarness();

        var result = await harness.SendAsync(Payloads.Request("workflow_job", Payloads.Read("app.queued.github-hosted.json")));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(IntakeOutcome.NotRouted, result.Response.Outcome);
        Assert.Contains("GitHub-hosted", result.Response.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Messages);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookNotRouted");
    }

    [Fact]
    public async Task AcceptAsync_SameDeliveryTwice_QueuesTwoMessagesWithTheSameIds()
    {
        using var harness = new IntakeHarness();
        var body = Payloads.Read("app.queued.json");
        var delivery = Guid.NewGuid().ToString();

        await harness.SendAsync(Payloads.Request("workflow_job", body, delivery: delivery));
        await harness.SendAsync(Payloads.Request("workflow_job", body, delivery: delivery));

        Assert.Equal(2, harness.Queue.Messages.Count);
        Assert.Single(harness.Queue.Messages.Select(m => (m.DeliveryId, m.JobId, m.Action)).Distinct());
    }

    [Fact]
    public async Task AcceptAsync_QueueUnavailable_Answers503SoGitHubRecordsAFailedDelivery()
    {
        using var harness = new IntakeHarness();
        harness.Queue.FailWith = new Azure.RequestFailedException(500, "storage down");

        var result = await harness.SendAsync(Payloads.Request("workflow_job", Payloads.Read("app.queued.json")));

        Assert.Equal(503, result.StatusCode);
        Assert.Equal(IntakeOutcome.Unavailable, result.Response.Outcome);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookEnqueueFailed");
    }

    [Fact]
    public async Task AcceptAsync_AnyDelivery_NeverLogsSecretOrSignature()
    {
        using var harness = new IntakeHarness();
        var body = Payloads.Read("app.queued.json");
        var signature = Payloads.Sign(body);

        await harness.SendAsync(Payloads.Request("workflow_job", body, signature: signature));
        await harness.SendAsync(Payloads.Request("workflow_job", body, signature: "sha256=" + new string('0', 64)));

        var text = string.Join('\n', harness.Logs.GetSnapshot().Select(r => r.Message));
        Assert.NotEmpty(text);
        Assert.DoesNotContain(TestSettings.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(signature[7..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('0', 64), text, StringComparison.Ordinal);
    }
}
