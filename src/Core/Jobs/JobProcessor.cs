using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.Pools;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Jobs;

/// <summary>Processes one message of the <c>workflow-jobs</c> queue.</summary>
public sealed class JobProcessor(
    QueuedJobHandler queued,
    JobProgressHandler progress,
    CreateWatchHandler watcher,
    IOptions<ScalerOptions> pools,
    ScalerMetrics metrics,
    ILogger<JobProcessor> logger)
{
    public async Task<JobResult> ProcessAsync(JobMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var span = JobTrace.StartProcessing(message.JobId, message.Action.Name(), message.TraceParent);
        var pool = pools.Value.Pools.FirstOrDefault(p => string.Equals(p.Name, message.Pool, StringComparison.OrdinalIgnoreCase));
        if (pool is null)
        {
            JobLog.UnknownPool(logger, message.JobId, message.Pool);
            return new JobResult(JobOutcome.Dropped, $"pool {message.Pool} is not configured");
        }

        var result = message.Action switch
        {
            JobAction.Queued => await queued.HandleAsync(message, pool, cancellationToken),
            JobAction.InProgress => await progress.HandleInProgressAsync(message, pool, cancellationToken),
            JobAction.CreateStarted => await watcher.HandleAsync(message, pool, cancellationToken),
            _ => await progress.HandleCompletedAsync(message, pool, cancellationToken),
        };
        metrics.JobEventHandled(message.Action.ToString(), result.Outcome.ToString(), pool.Name);
        span?.SetTag("scaler.outcome", result.Outcome.ToString());
        return result;
    }
}
