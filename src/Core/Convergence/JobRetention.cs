using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.Failures;
using Scaler.Core.Pools;
using Scaler.Core.State;

namespace Scaler.Core.Convergence;

/// <summary>
/// Keeps the <c>jobs</c> table to the recent past: once an hour, the records of jobs created at GitHub more than
/// <see cref="Retention"/> ago are deleted. By then GitHub has long finished them (a self-hosted job runs at most
/// five days) and can no longer redeliver their webhooks (it keeps deliveries three days), so no event can need
/// them; and the reconciler's scan for waiting jobs stays short.
/// </summary>
public sealed partial class JobRetention(IOptions<ScalerOptions> pools, IJobStore jobs, TimeProvider time, ILogger<JobRetention> logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    private DateTimeOffset next = DateTimeOffset.MinValue;

    /// <summary>Sweeps every pool when an hour has passed since the last sweep; returns how many records went.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < next)
        {
            return 0;
        }

        next = now + Period;
        var deleted = 0;
        foreach (var pool in pools.Value.Pools)
        {
            try
            {
                var count = await jobs.DeleteCreatedBeforeAsync(pool.Name, now - Retention, cancellationToken);
                if (count > 0)
                {
                    LogSwept(logger, count, pool.Name, Retention.Days);
                }

                deleted += count;
            }
            catch (AdapterException ex)
            {
                // Another instance swept the same rows, or storage failed: the next sweep finishes the job.
                LogSweepFailed(logger, ex, pool.Name);
            }
        }

        return deleted;
    }

    [LoggerMessage(EventId = 1520, EventName = "JobRecordsSwept", Level = LogLevel.Information,
        Message = "Deleted {Count} records of jobs in pool {Pool} created more than {Days} days ago")]
    private static partial void LogSwept(ILogger logger, int count, string pool, int days);

    [LoggerMessage(EventId = 1521, EventName = "JobRecordSweepFailed", Level = LogLevel.Warning,
        Message = "Could not delete old job records of pool {Pool}; the next sweep tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, string pool);
}
