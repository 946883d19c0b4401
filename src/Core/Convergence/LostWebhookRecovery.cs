using Microsoft.Extensions.Logging;
using Scaler.Core.GitHub;
using Scaler.Core.State;

namespace Scaler.Core.Convergence;

/// <summary>
/// GitHub never redelivers a failed webhook by itself, and a lost <c>queued</c> delivery leaves its job
/// waiting forever. Each run reads the GitHub App's delivery log since the last run (with an overlap, so a
/// redelivery that failed again is seen), groups attempts by delivery GUID, and redelivers every
/// <c>workflow_job</c> delivery none of whose attempts succeeded, up to <see cref="MaxAttempts"/> attempts.
/// </summary>
public sealed partial class LostWebhookRecovery(IWebhookDeliveries deliveries, IWatermarks watermarks, TimeProvider time, ILogger<LostWebhookRecovery> logger)
{
    public const string WatermarkName = "hook-deliveries";
    public const int MaxAttempts = 4;
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan FirstLookback = TimeSpan.FromHours(1);

    /// <summary>GitHub keeps deliveries for three days; look no further back than that.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(3) - TimeSpan.FromHours(1);

    /// <summary>Redelivers what failed; returns how many deliveries it asked GitHub to send again.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        if (!deliveries.Available)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var watermark = await watermarks.GetAsync(WatermarkName, cancellationToken) ?? now - FirstLookback;
        var since = Max(watermark - Overlap, now - Retention);
        var log = await deliveries.ListSinceAsync(since, cancellationToken);
        var redelivered = 0;
        foreach (var attempts in log.Where(d => d.Event == "workflow_job").GroupBy(d => d.DeliveryGuid))
        {
            if (attempts.Any(a => a.Succeeded))
            {
                continue;
            }

            var latest = attempts.MaxBy(a => a.DeliveredAt)!;
            if (attempts.Count() >= MaxAttempts)
            {
                // Said once: by the run that first sees the last attempt.
                if (latest.DeliveredAt > watermark)
                {
                    LogGaveUp(logger, latest.DeliveryGuid, attempts.Count(), latest.Status);
                }

                continue;
            }

            await deliveries.RedeliverAsync(latest.Id, cancellationToken);
            LogRedelivered(logger, latest.DeliveryGuid, latest.Action, latest.Status);
            redelivered++;
        }

        await watermarks.SetAsync(WatermarkName, now, cancellationToken);
        return redelivered;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(EventId = 1510, EventName = "WebhookRedelivered", Level = LogLevel.Warning,
        Message = "Asked GitHub to redeliver workflow_job {Action} delivery {DeliveryGuid}, which failed with {Status}")]
    private static partial void LogRedelivered(ILogger logger, Guid deliveryGuid, string? action, string status);

    [LoggerMessage(EventId = 1511, EventName = "WebhookRedeliveryGaveUp", Level = LogLevel.Error,
        Message = "Delivery {DeliveryGuid} failed {Attempts} times (last: {Status}); not redelivering it again")]
    private static partial void LogGaveUp(ILogger logger, Guid deliveryGuid, int attempts, string status);
}
