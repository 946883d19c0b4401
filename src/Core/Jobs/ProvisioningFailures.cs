using Scaler.Core.Failures;
using Scaler.Core.Runners;

namespace Scaler.Core.Jobs;

/// <summary>
/// The one place that decides what a GitHub or Azure failure to provision a job's VM means for the job, whether the
/// processor met it or the watcher of the VM's create: put back after a delay, retried at once (zero), or failed for
/// good (null).
/// </summary>
internal static class ProvisioningFailures
{
    public static (TimeSpan? RetryAfter, string Reason) Classify(AdapterException ex, ProvisioningOptions options) => ex switch
    {
        { Kind: FailureKind.Throttled, Adapter: AdapterName.GitHub } => (ex.RetryAfter ?? TimeSpan.FromMinutes(1), "GitHub rate limit"),
        { Kind: FailureKind.Throttled } => (ex.RetryAfter ?? TimeSpan.FromSeconds(30), "Azure throttling"),
        { Kind: FailureKind.CapacityUnavailable, Adapter: AdapterName.GitHub } => (options.CapacityRetryDelay, "runner group full"),
        { Kind: FailureKind.CapacityUnavailable or FailureKind.QuotaExceeded or FailureKind.SkuNotAvailable } =>
            (options.CapacityRetryDelay, $"no VM size available ({ex.Kind})"),
        { IsTransient: true } => (TimeSpan.Zero, "transient failure"),

        // The VM vanished while it was being created (evicted at once, or deleted meanwhile): make it again.
        { Kind: FailureKind.NotFound, Adapter: AdapterName.Compute } => (TimeSpan.Zero, "the VM vanished while it was created"),
        _ => ((TimeSpan?)null, ex.Message),
    };
}
