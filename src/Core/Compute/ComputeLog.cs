using Azure.Core;
using Microsoft.Extensions.Logging;
using Scaler.Core.Failures;

namespace Scaler.Core.Compute;

/// <summary>Compute log events (ids 1200-1299). Never the VM's customData, which holds the JIT config.</summary>
internal static partial class ComputeLog
{
    [LoggerMessage(EventId = 1200, EventName = "VmCreating", Level = LogLevel.Debug,
        Message = "Creating VM {VmName} in {ScaleSetId}: size {Size}, spot {Spot}")]
    public static partial void Creating(ILogger logger, string vmName, string scaleSetId, string size, bool spot);

    [LoggerMessage(EventId = 1201, EventName = "VmCreated", Level = LogLevel.Information,
        Message = "Created VM {VmName} in {ScaleSetId}: size {Size}, spot {Spot}, attempt {Attempt}")]
    public static partial void Created(ILogger logger, string vmName, string scaleSetId, string size, bool spot, int attempt);

    [LoggerMessage(EventId = 1202, EventName = "VmAlreadyExists", Level = LogLevel.Information,
        Message = "VM {VmName} already exists in {ScaleSetId} (size {Size}, spot {Spot}, state {ProvisioningState}): returning it")]
    public static partial void AlreadyExists(ILogger logger, string vmName, ResourceIdentifier scaleSetId, string size, bool spot, string provisioningState);

    [LoggerMessage(EventId = 1203, EventName = "VmSpotFallback", Level = LogLevel.Warning,
        Message = "No Spot capacity for VM {VmName} size {Size} ({Reason}): retrying at Regular priority")]
    public static partial void SpotFallback(ILogger logger, string vmName, string size, string reason);

    [LoggerMessage(EventId = 1204, EventName = "VmSizeFallback", Level = LogLevel.Warning,
        Message = "VM {VmName} size {Size} failed with {Failure} ({Reason}): trying size {NextSize}")]
    public static partial void SizeFallback(ILogger logger, string vmName, string size, FailureKind failure, string reason, string nextSize);

    [LoggerMessage(EventId = 1205, EventName = "VmCreateFailed", Level = LogLevel.Error,
        Message = "Could not create VM {VmName} in {ScaleSetId}: {Failure} ({Reason})")]
    public static partial void CreateFailed(ILogger logger, string vmName, string scaleSetId, FailureKind failure, string reason);

    [LoggerMessage(EventId = 1206, EventName = "VmFailedLeftoverDeleted", Level = LogLevel.Warning,
        Message = "VM {VmName} was left in state Failed by an earlier attempt: deleted it before creating again")]
    public static partial void FailedLeftoverDeleted(ILogger logger, string vmName);

    [LoggerMessage(EventId = 1207, EventName = "VmCreateStarted", Level = LogLevel.Information,
        Message = "Azure accepted the create of VM {VmName} in {ScaleSetId}: size {Size}, spot {Spot}")]
    public static partial void CreateStarted(ILogger logger, string vmName, string scaleSetId, string size, bool spot);

    [LoggerMessage(EventId = 1210, EventName = "VmDeleted", Level = LogLevel.Information,
        Message = "Deleted VM {VmName} of {ScaleSetId}")]
    public static partial void Deleted(ILogger logger, string vmName, string scaleSetId);

    [LoggerMessage(EventId = 1211, EventName = "VmAlreadyGone", Level = LogLevel.Debug,
        Message = "VM {VmName} of {ScaleSetId} was already gone")]
    public static partial void AlreadyGone(ILogger logger, string vmName, string scaleSetId);

    [LoggerMessage(EventId = 1212, EventName = "VmNotInScaleSet", Level = LogLevel.Warning,
        Message = "Refused to delete VM {VmName}: it belongs to {ActualScaleSetId}, not {ScaleSetId}")]
    public static partial void NotInScaleSet(ILogger logger, string vmName, ResourceIdentifier scaleSetId, string actualScaleSetId);

    [LoggerMessage(EventId = 1213, EventName = "VmKept", Level = LogLevel.Information,
        Message = "Kept VM {VmName} of {ScaleSetId} stopped (deallocated) for investigation")]
    public static partial void Kept(ILogger logger, string vmName, string scaleSetId);

    [LoggerMessage(EventId = 1220, EventName = "ScaleSetLocationRead", Level = LogLevel.Debug,
        Message = "Scale set {ScaleSetId} is in {Location}")]
    public static partial void ScaleSetLocation(ILogger logger, ResourceIdentifier scaleSetId, string location);
}
