using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Convergence;
using Scaler.Core.GitHub;
using Scaler.Core.State;

namespace Scaler.Core.Tests.Convergence;

public class LostWebhookRecoveryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 22, 0, 0, TimeSpan.Zero);
    private readonly FakeDeliveries deliveries = new();
    private readonly FakeWatermarks watermarks = new();
    private readonly FakeTimeProvider time = new(Now);

    [Fact]
    public async Task Recover_FailedWorkflowJobDelivery_IsRedeliveredOnce()
    {
        var failed = Delivery(1, Guid.NewGuid(), minutesAgo: 5, "Invalid HTTP Response: 503");

        deliveries.Log.Add(failed);
        var count = await Recovery().RecoverAsync(CancellationToken.None);

        Assert.Equal(1, count);
        Assert.Equal([1L], deliveries.Redelivered);
    }

    [Fact]
    public async Task Recover_GuidWithALaterSuccessfulAttempt_IsLeftAlone()
    {
        var guid = Guid.NewGuid();
        deliveries.Log.AddRange([Delivery(1, guid, 10, "timed out"), Delivery(2, guid, 5, "OK")]);

        Assert.Equal(0, await Recovery().RecoverAsync(CancellationToken.None));
        Assert.Empty(deliveries.Redelivered);
    }

    [Fact]
    public async Task Recover_OtherEventsAndSuccesses_AreLeftAlone()
    {
        deliveries.Log.AddRange([Delivery(1, Guid.NewGuid(), 5, "OK"), Delivery(2, Guid.NewGuid(), 5, "Invalid HTTP Response: 500") with { Event = "push" }]);

        Assert.Equal(0, await Recovery().RecoverAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Recover_AfterMaxAttempts_GivesUp_AndSaysSoOnce()
    {
        var guid = Guid.NewGuid();
        deliveries.Log.AddRange(Enumerable.Range(1, LostWebhookRecovery.MaxAttempts).Select(i => Delivery(i, guid, 20 - i, "Invalid HTTP Response: 503")));
        var logs = new FakeLogCollector();
        var recovery = new LostWebhookRecovery(deliveries, watermarks, time, new FakeLogger<LostWebhookRecovery>(logs));

        Assert.Equal(0, await recovery.RecoverAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await recovery.RecoverAsync(CancellationToken.None));

        Assert.Empty(deliveries.Redelivered);
        Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "WebhookRedeliveryGaveUp");
    }

    [Fact]
    public async Task Recover_RedeliversTheNewestAttemptOfAGuid()
    {
        var guid = Guid.NewGuid();
        deliveries.Log.AddRange([Delivery(7, guid, 10, "Invalid HTTP Response: 503"), Delivery(9, guid, 2, "Invalid HTTP Response: 503")]);

        await Recovery().RecoverAsync(CancellationToken.None);

        Assert.Equal([9L], deliveries.Redelivered);
    }

    [Fact]
    public async Task Recover_ReadsFromTheWatermarkMinusOverlap_AndMovesIt()
    {
        await watermarks.SetAsync(LostWebhookRecovery.WatermarkName, Now.AddMinutes(-3), CancellationToken.None);

        await Recovery().RecoverAsync(CancellationToken.None);

        Assert.Equal(Now.AddMinutes(-3) - LostWebhookRecovery.Overlap, deliveries.Since);
        Assert.Equal(Now, await watermarks.GetAsync(LostWebhookRecovery.WatermarkName, CancellationToken.None));
    }

    [Fact]
    public async Task Recover_FirstRun_LooksBackAnHour_NeverBeyondRetention()
    {
        await Recovery().RecoverAsync(CancellationToken.None);
        Assert.Equal(Now - LostWebhookRecovery.FirstLookback - LostWebhookRecovery.Overlap, deliveries.Since);

        await watermarks.SetAsync(LostWebhookRecovery.WatermarkName, Now.AddDays(-10), CancellationToken.None);
        await Recovery().RecoverAsync(CancellationToken.None);
        Assert.Equal(Now - LostWebhookRecovery.Retention, deliveries.Since);
    }

    [Fact]
    public async Task Recover_WithoutAnApp_DoesNothing()
    {
        deliveries.Available = false;
        deliveries.Log.Add(Delivery(1, Guid.NewGuid(), 5, "Invalid HTTP Response: 503"));

        Assert.Equal(0, await Recovery().RecoverAsync(CancellationToken.None));
        Assert.Null(deliveries.Since);
    }

    private LostWebhookRecovery Recovery() => new(deliveries, watermarks, time, NullLogger<LostWebhookRecovery>.Instance);

    private static HookDelivery Delivery(long id, Guid guid, int minutesAgo, string status) =>
        new(id, guid, Now.AddMinutes(-minutesAgo), false, status, "workflow_job", "queued");

    private sealed class FakeDeliveries : IWebhookDeliveries
    {
        public List<HookDelivery> Log { get; } = [];

        public List<long> Redelivered { get; } = [];

        public DateTimeOffset? Since { get; private set; }

        public bool Available { get; set; } = true;

        public Task<IReadOnlyList<HookDelivery>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
        {
            Since = since;
            return Task.FromResult<IReadOnlyList<HookDelivery>>([.. Log.Where(d => d.DeliveredAt >= since).OrderByDescending(d => d.DeliveredAt)]);
        }

        public Task RedeliverAsync(long deliveryId, CancellationToken cancellationToken)
        {
            Redelivered.Add(deliveryId);
            return Task.CompletedTask;
        }
    }

    private sealed class FakeWatermarks : IWatermarks
    {
        private readonly Dictionary<string, DateTimeOffset> values = [];

        public Task<DateTimeOffset?> GetAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult(values.TryGetValue(name, out var v) ? v : (DateTimeOffset?)null);

        public Task SetAsync(string name, DateTimeOffset value, CancellationToken cancellationToken)
        {
            values[name] = value;
            return Task.CompletedTask;
        }
    }
}
