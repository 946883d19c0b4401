using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Scaler.Core.Intake;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Intake;

/// <summary>
/// A captured <c>queued</c> delivery keeps its valid signature forever. GitHub never queues a job for more than
/// 24 hours, so once the job is older than that (plus an hour) the intake ignores the delivery: no runner, and
/// 202 so GitHub does not retry.
/// </summary>
public class ReplayedDeliveryTests
{
    [Fact]
    public async Task AcceptAsync_QueuedJobCreatedEightDaysAgo_Answers202IgnoredAndLogs()
    {
        using var harness = new IntakeHarness();
        var body = QueuedCreatedAt(harness.Clock.GetUtcNow() - TimeSpan.FromDays(8));

        var result = await harness.SendAsync(Payloads.Request("workflow_job", body));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(IntakeOutcome.Ignored, result.Response.Outcome);
        Assert.Contains("replay", result.Response.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Messages);
        var log = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookStaleQueuedIgnored");
        Assert.Equal(LogLevel.Warning, log.Level);
    }

    [Theory]
    [InlineData(25 * 60 + 1, false)]
    [InlineData(25 * 60, true)]
    [InlineData(23 * 60, true)]
    public async Task AcceptAsync_QueuedJobAge_QueuedOnlyWithin25Hours(int ageMinutes, bool queued)
    {
        using var harness = new IntakeHarness();
        var body = QueuedCreatedAt(harness.Clock.GetUtcNow() - TimeSpan.FromMinutes(ageMinutes));

        var result = await harness.SendAsync(Payloads.Request("workflow_job", body));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(queued ? IntakeOutcome.Queued : IntakeOutcome.Ignored, result.Response.Outcome);
        Assert.Equal(queued ? 1 : 0, harness.Queue.Messages.Count);
    }

    [Fact]
    public async Task AcceptAsync_CompletedJobCreatedEightDaysAgo_IsStillQueued()
    {
        // Only queued creates a VM; a late completed must still reach the processor to delete one.
        using var harness = new IntakeHarness();
        var payload = JsonNode.Parse(QueuedCreatedAt(harness.Clock.GetUtcNow() - TimeSpan.FromDays(8)))!;
        payload["action"] = "completed";
        payload["workflow_job"]!["status"] = "completed";
        payload["workflow_job"]!["conclusion"] = "success";

        var result = await harness.SendAsync(Payloads.Request("workflow_job", Payloads.Utf8(payload.ToJsonString())));

        Assert.Equal(IntakeOutcome.Queued, result.Response.Outcome);
        Assert.Single(harness.Queue.Messages);
    }

    private static byte[] QueuedCreatedAt(DateTimeOffset created)
    {
        var payload = JsonNode.Parse(Payloads.Read("app.queued.json"))!;
        payload["workflow_job"]!["created_at"] = created.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return Payloads.Utf8(payload.ToJsonString());
    }
}
