using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Scaler.Core.Intake;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Intake;

/// <summary>What the intake does with bodies that are slow, many or large, before and after the signature check.</summary>
public class WebhookIntakeBodyTests
{
    [Fact]
    public async Task AcceptAsync_BudgetHeldByAnUnfinishedBody_Answers503WithRetryAfterBeforeReading()
    {
        var budget = new UnauthenticatedBodyBudget(PooledBody.FirstSegmentBytes);
        using var harness = new IntakeHarness(register: s => s.AddSingleton(budget));
        var body = Payloads.Read("app.queued.json");
        var slow = new GatedStream();
        var holding = harness.SendAsync(new WebhookRequest("workflow_job", Guid.NewGuid().ToString(), Payloads.Sign(body), body.Length, slow));
        await slow.Starved;
        var refused = new EndlessStream();

        var result = await harness.SendAsync(new WebhookRequest("workflow_job", Guid.NewGuid().ToString(), "sha256=00", CappedBody.MaxBytes, refused));

        Assert.Equal(503, result.StatusCode);
        Assert.Equal(IntakeOutcome.Unavailable, result.Response.Outcome);
        Assert.Equal("10", result.RetryAfterHeader);
        Assert.Contains("redeliver later", result.Response.Reason, StringComparison.Ordinal);
        Assert.Equal(0, refused.BytesRead);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookBodyBudgetFull");
        slow.Send(body);
        slow.End();
        Assert.Equal(202, (await holding).StatusCode);
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task AcceptAsync_BodyStallsPastBodyTimeout_Answers408AndQueuesNothing()
    {
        using var harness = new IntakeHarness(v => v["Scaler:Intake:BodyTimeout"] = "00:00:05");
        var slow = new GatedStream();
        var sending = harness.SendAsync(new WebhookRequest("workflow_job", Guid.NewGuid().ToString(), "sha256=00", 1000, slow));
        slow.Send(new byte[100]);
        await slow.Starved;

        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        var result = await sending;

        Assert.Equal(408, result.StatusCode);
        Assert.Contains("00:00:05", result.Response.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task AcceptAsync_BadSignature_ReleasesTheBudget()
    {
        var budget = new UnauthenticatedBodyBudget(IntakeOptions.DefaultUnauthenticatedBodyBytes);
        using var harness = new IntakeHarness(register: s => s.AddSingleton(budget));

        var result = await harness.SendAsync(Payloads.Request("workflow_job", Payloads.Read("app.queued.json"), signature: "sha256=" + new string('0', 64)));

        Assert.Equal(401, result.StatusCode);
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task AcceptAsync_SignedBodyOverManySegments_IsVerifiedAndParsedWithoutJoining()
    {
        using var harness = new IntakeHarness();
        var json = Encoding.UTF8.GetString(Payloads.Read("app.queued.json"));
        var body = Payloads.Utf8(json + new string(' ', 300_000));

        var result = await harness.SendAsync(Payloads.Request("workflow_job", body));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(IntakeOutcome.Queued, result.Response.Outcome);
    }

    [Fact]
    public async Task AcceptAsync_SignedBodyOverManySegmentsWithDataAfterTheJson_Answers400()
    {
        using var harness = new IntakeHarness();
        var json = Encoding.UTF8.GetString(Payloads.Read("app.queued.json"));
        var body = Payloads.Utf8(json + new string(' ', 300_000) + "{}");

        var result = await harness.SendAsync(Payloads.Request("workflow_job", body));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("malformed JSON", result.Response.Reason, StringComparison.Ordinal);
    }
}
