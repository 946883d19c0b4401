using Microsoft.Extensions.Logging;
using Scaler.Core.Failures;

namespace Scaler.Core.Runners;

/// <summary>VM provisioning log events (ids in 1300-1399, shared with the job handlers'). Never a JIT config, token or custom data.</summary>
internal static partial class ProvisioningLog
{
    [LoggerMessage(EventId = 1300, EventName = "VmProvisioned", Level = LogLevel.Information,
        Message = "Created VM {VmName} ({Size}, spot {Spot}) in pool {Pool} for job {JobId} with runner {RunnerVersion}")]
    public static partial void Provisioned(ILogger logger, string vmName, string size, bool spot, string pool, long jobId, string runnerVersion);

    [LoggerMessage(EventId = 1317, EventName = "VmCreateAttemptFailed", Level = LogLevel.Warning,
        Message = "VM {VmName} size {Size} (spot {Spot}) failed with {Failure} ({Reason}): starting size {NextSize}, spot {NextSpot}")]
    public static partial void AttemptFailed(ILogger logger, string vmName, string size, bool spot, FailureKind failure, string reason, string nextSize, bool nextSpot);

    [LoggerMessage(EventId = 1309, EventName = "CleanupFailed", Level = LogLevel.Warning,
        Message = "Could not remove {What} {Name} after a failed provisioning; the reconciler will")]
    public static partial void CleanupFailed(ILogger logger, Exception exception, string what, string name);

    [LoggerMessage(EventId = 1310, EventName = "StaleRunnerRegistration", Level = LogLevel.Information,
        Message = "Runner {RunnerName} was registered by an earlier attempt without a VM; registering it again")]
    public static partial void StaleRegistration(ILogger logger, string runnerName);
}
