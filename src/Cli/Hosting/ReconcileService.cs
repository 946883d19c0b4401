using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scaler.Core.Convergence;

namespace Scaler.Cli.Hosting;

/// <summary>
/// The reconcile timer of self-host mode: once per <see cref="Period"/>, not on start. A run that fails is logged and
/// the next period runs again, as the Functions host does with a timer function that throws.
/// </summary>
public sealed partial class ReconcileService(Reconciler reconciler, TimeProvider time, TimeSpan period, ILogger<ReconcileService> logger) : BackgroundService
{
    private int runs;

    public TimeSpan Period => period;

    /// <summary>Reconcile runs finished (without failing) since the host started.</summary>
    public int Runs => Volatile.Read(ref runs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await reconciler.ReconcileAsync(stoppingToken);
                    Interlocked.Increment(ref runs);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Storage unreachable for longer than the clients' retries, say: the failure escapes the reconciler.
                    LogRunFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 1403, EventName = "ReconcileRunFailed", Level = LogLevel.Error,
        Message = "A reconcile run failed; the next period runs again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
