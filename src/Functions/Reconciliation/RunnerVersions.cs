using Microsoft.Azure.Functions.Worker;
using Scaler.Core.Convergence;

namespace Scaler.Functions.Reconciliation;

/// <summary>Hourly: warn before runners age out of GitHub's 30-day update window.</summary>
public sealed class RunnerVersions(RunnerVersionWatch watch)
{
    [Function(nameof(RunnerVersions))]
    public Task RunAsync([TimerTrigger("0 7 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        watch.CheckAsync(cancellationToken);
}
