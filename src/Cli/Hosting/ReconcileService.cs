using Microsoft.Extensions.Hosting;
using Scaler.Core.Convergence;

namespace Scaler.Cli.Hosting;

/// <summary>The reconcile timer of self-host mode: once per <see cref="Period"/>, not on start.</summary>
public sealed class ReconcileService(Reconciler reconciler, TimeProvider time, TimeSpan period) : BackgroundService
{
    private int runs;

    public TimeSpan Period => period;

    /// <summary>Reconcile runs finished since the host started.</summary>
    public int Runs => Volatile.Read(ref runs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await reconciler.ReconcileAsync(stoppingToken);
                Interlocked.Increment(ref runs);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
