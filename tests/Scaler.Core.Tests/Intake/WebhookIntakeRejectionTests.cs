using Scaler.Core.Intake;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Intake;

public class WebhookIntakeRejectionTests
{
    private static readonly byte[] Queued = Payloads.Read("app.queued.json");

    [Fact]
    public async Task AcceptAsync_MissingSignature_Answers401()
    {
        await AssertRejectedAsync(Payloads.Request("workflow_job", Queued, signature: null), 401, "missing");
    }

    [Fact]
    public async Task AcceptAsync_WrongSignature_Answers401()
    {
        var wrong = Payloads.Sign(Queued, "a different secret, long enough");

        await AssertRejectedAsync(Payloads.Request("workflow_job", Queued, signature: wrong), 401, "does not match");
    }

    [Fact]
    public async Task AcceptAsync_MalformedSignature_Answers401()
    {
        await AssertRejectedAsync(Payloads.Request("workflow_job", Queued, signature: "sha256=nothex"), 401, "sha256=");
    }

    [Fact]
    public async Task AcceptAsync_SignedOtherBody_Answers401()
    {
        var request = Payloads.Request("workflow_job", Queued, signature: Payloads.Sign(Payloads.Read("app.waiting.json")));

        await AssertRejectedAsync(request, 401, "does not match");
    }

    [Fact]
    public async Task AcceptAsync_MissingEventHeader_Answers400()
    {
        await AssertRejectedAsync(Payloads.Request("", Queued), 400, "X-GitHub-Event");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-guid")]
    public async Task AcceptAsync_MissingOrBadDeliveryHeader_Answers400(string? delivery)
    {
        var request = Payloads.Request("workflow_job", Queued) with { DeliveryId = delivery };

        await AssertRejectedAsync(request, 400, "X-GitHub-Delivery");
    }

    [Theory]
    [InlineData("{not json", "malformed JSON")]
    [InlineData("null", "JSON null")]
    [InlineData("[]", "malformed JSON")]
    [InlineData("""{"workflow_job":{"id":1,"run_id":2,"labels":["self-hosted"]},"repository":{"full_name":"contoso/api"}}""", "action")]
    [InlineData("""{"action":"","workflow_job":{"id":1,"run_id":2,"labels":["self-hosted"]},"repository":{"full_name":"contoso/api"}}""", "missing field: action")]
    [InlineData("""{"action":"queued","repository":{"full_name":"contoso/api"}}""", "workflow_job")]
    [InlineData("""{"action":"queued","workflow_job":{"run_id":2,"labels":["self-hosted"]},"repository":{"full_name":"contoso/api"}}""", "workflow_job.id")]
    [InlineData("""{"action":"queued","workflow_job":{"id":1,"labels":["self-hosted"]},"repository":{"full_name":"contoso/api"}}""", "workflow_job.run_id")]
    [InlineData("""{"action":"queued","workflow_job":{"id":1,"run_id":2},"repository":{"full_name":"contoso/api"}}""", "workflow_job.labels")]
    [InlineData("""{"action":"queued","workflow_job":{"id":1,"run_id":2,"labels":["self-hosted"]}}""", "repository")]
    [InlineData("""{"action":"queued","workflow_job":{"id":1,"run_id":2,"labels":["self-hosted"]},"repository":{"full_name":""}}""", "missing field: repository.full_name")]
    [InlineData("""{"action":"queued","workflow_job":{"id":1,"run_id":2,"labels":["self-hosted",""]},"repository":{"full_name":"contoso/api"}}""", "empty label")]
    [InlineData("""{"action":"queued","workflow_job":{"id":"one","run_id":2,"labels":[]},"repository":{"full_name":"contoso/api"}}""", "malformed JSON")]
    public async Task AcceptAsync_BadWorkflowJobBody_Answers400WithReason(string json, string reason)
    {
        await AssertRejectedAsync(Payloads.Request("workflow_job", Payloads.Utf8(json)), 400, reason);
    }

    [Fact]
    public async Task AcceptAsync_TooManyLabels_Answers400()
    {
        var labels = string.Join(',', Enumerable.Range(0, 101).Select(i => $"\"l{i}\""));
        var json = $$$"""{"action":"queued","workflow_job":{"id":1,"run_id":2,"labels":[{{{labels}}}]},"repository":{"full_name":"contoso/api"}}""";

        await AssertRejectedAsync(Payloads.Request("workflow_job", Payloads.Utf8(json)), 400, "100 labels");
    }

    [Fact]
    public async Task AcceptAsync_DeclaredBodyOver25MB_Answers413WithoutReading()
    {
        var stream = new EndlessStream();
        var request = new WebhookRequest("workflow_job", Guid.NewGuid().ToString(), "sha256=00", CappedBody.MaxBytes + 1L, stream);

        await AssertRejectedAsync(request, 413, "25 MB");
        Assert.Equal(0, stream.BytesRead);
    }

    [Fact]
    public async Task AcceptAsync_ChunkedBodyOver25MB_Answers413()
    {
        var stream = new EndlessStream();
        var request = new WebhookRequest("workflow_job", Guid.NewGuid().ToString(), "sha256=00", null, stream);

        await AssertRejectedAsync(request, 413, "25 MB");
        Assert.True(stream.BytesRead < CappedBody.MaxBytes + 100_000L);
    }

    [Fact]
    public async Task AcceptAsync_UnknownWorkflowJobAction_Answers202Ignored()
    {
        using var harness = new IntakeHarness();
        var body = Payloads.Utf8(System.Text.Encoding.UTF8.GetString(Queued).Replace("\"action\": \"queued\"", "\"action\": \"requested\"", StringComparison.Ordinal));

        var result = await harness.SendAsync(Payloads.Request("workflow_job", body));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(IntakeOutcome.Ignored, result.Response.Outcome);
        Assert.Empty(harness.Queue.Messages);
    }

    private static async Task AssertRejectedAsync(WebhookRequest request, int status, string reason)
    {
        using var harness = new IntakeHarness();

        var result = await harness.SendAsync(request);

        Assert.Equal(status, result.StatusCode);
        Assert.Equal(IntakeOutcome.Rejected, result.Response.Outcome);
        Assert.Contains(reason, result.Response.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Messages);
    }
}
