using Microsoft.Extensions.Hosting;
using Scaler.Core.Reconciliation;

namespace Scaler.Cli.Hosting;

/// <summary>The reconcile timer of self-host mode: once per <see cref="Period"/>, not on start.</summary>
public sealed class ReconcileService(Reconciler reconciler, TimeProvider time, TimeSpan period) : BackgroundService
{
    public TimeSpan Period => period;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await reconciler.ReconcileAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
