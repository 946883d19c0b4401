using Microsoft.Azure.Functions.Worker;
using Scaler.Core.Convergence;

namespace Scaler.Functions.Reconciliation;

/// <summary>
/// Every minute: converge VMs, GitHub runners and state. It does not run on startup, which would fire on
/// every scale-out; a missed run is simply caught up by the next.
/// </summary>
public sealed class Reconcile(Reconciler reconciler)
{
    [Function(nameof(Reconcile))]
    public Task RunAsync([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        reconciler.ReconcileAsync(cancellationToken);
}
