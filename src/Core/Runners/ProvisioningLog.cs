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

    [LoggerMessage(EventId = 1330, EventName = "StandbyVmPreparing", Level = LogLevel.Information,
        Message = "Creating standby VM {VmName} ({Size}, spot {Spot}) in pool {Pool} with runner {RunnerVersion}")]
    public static partial void StandbyPreparing(ILogger logger, string vmName, string size, bool spot, string pool, string runnerVersion);

    [LoggerMessage(EventId = 1331, EventName = "StandbyVmReady", Level = LogLevel.Information,
        Message = "Standby VM {VmName} of pool {Pool} is prepared and deallocated")]
    public static partial void StandbyReady(ILogger logger, string vmName, string pool);

    [LoggerMessage(EventId = 1332, EventName = "StandbyVmStarted", Level = LogLevel.Information,
        Message = "Started standby VM {VmName} of pool {Pool} for job {JobId}")]
    public static partial void StandbyStarted(ILogger logger, string vmName, string pool, long jobId);

    [LoggerMessage(EventId = 1333, EventName = "StandbyVmStartFailed", Level = LogLevel.Warning,
        Message = "Standby VM {VmName} of pool {Pool} could not be started for job {JobId}; it is deleted and the job gets a fresh VM")]
    public static partial void StandbyStartFailed(ILogger logger, Exception exception, string vmName, string pool, long jobId);

    [LoggerMessage(EventId = 1334, EventName = "UserDataCleared", Level = LogLevel.Debug,
        Message = "Cleared the userData of VM {VmName} of pool {Pool}: its runner is online")]
    public static partial void UserDataCleared(ILogger logger, string vmName, string pool);
}
