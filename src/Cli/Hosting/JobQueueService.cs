using Microsoft.Extensions.Hosting;

namespace Scaler.Cli.Hosting;

/// <summary>Runs the queue pump until the host stops; in-flight messages finish or become visible again.</summary>
public sealed class JobQueueService(JobQueuePump pump) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await pump.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a message whose processing was cancelled is not deleted and reappears after its visibility timeout.
        }
    }
}
