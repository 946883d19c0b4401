using Microsoft.Extensions.Logging;
using Scaler.Core.Failures;
using Scaler.Core.State;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Jobs;

/// <summary>Job event log events (ids 1300-1399, shared with the VM provisioner's). Never a JIT config, token or custom data.</summary>
internal static partial class JobLog
{
    [LoggerMessage(EventId = 1301, EventName = "JobDuplicate", Level = LogLevel.Debug,
        Message = "Job {JobId} {Action} in pool {Pool} changes nothing: the job is already {State}")]
    public static partial void Duplicate(ILogger logger, long jobId, JobAction action, string pool, JobState state);

    [LoggerMessage(EventId = 1302, EventName = "JobDeferred", Level = LogLevel.Information,
        Message = "Job {JobId} in pool {Pool} deferred for {Delay}: {Reason}")]
    public static partial void Deferred(ILogger logger, long jobId, string pool, TimeSpan delay, WorkflowText reason);

    [LoggerMessage(EventId = 1303, EventName = "ProvisioningFailed", Level = LogLevel.Error,
        Message = "Job {JobId} in pool {Pool} cannot be served: {Reason}")]
    public static partial void Failed(ILogger logger, Exception exception, long jobId, string pool, WorkflowText reason);

    [LoggerMessage(EventId = 1304, EventName = "ProvisioningAttemptFailed", Level = LogLevel.Warning,
        Message = "Provisioning job {JobId} in pool {Pool} failed and will be retried: {Reason}")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, long jobId, string pool, WorkflowText reason);

    [LoggerMessage(EventId = 1305, EventName = "JobStarted", Level = LogLevel.Information,
        Message = "Job {JobId} started on runner {RunnerName} after waiting {Wait}")]
    public static partial void Started(ILogger logger, long jobId, WorkflowText runnerName, TimeSpan? wait);

    [LoggerMessage(EventId = 1306, EventName = "RunnerVmDeleted", Level = LogLevel.Information,
        Message = "Job {JobId} completed ({Conclusion}) on {RunnerName}; deleted its VM and released capacity in pool {Pool}")]
    public static partial void VmDeleted(ILogger logger, long jobId, string? conclusion, WorkflowText runnerName, string pool);

    [LoggerMessage(EventId = 1307, EventName = "JobCompletedElsewhere", Level = LogLevel.Information,
        Message = "Job {JobId} completed ({Conclusion}) on runner {RunnerName}, which is not one of Scaler's VMs")]
    public static partial void NotOurs(ILogger logger, long jobId, string? conclusion, WorkflowText runnerName);

    [LoggerMessage(EventId = 1308, EventName = "UnknownPool", Level = LogLevel.Error,
        Message = "Job {JobId} names pool {Pool}, which is not configured any more; the message is dropped")]
    public static partial void UnknownPool(ILogger logger, long jobId, string pool);

    [LoggerMessage(EventId = 1311, EventName = "JobRerunAfterEviction", Level = LogLevel.Warning,
        Message = "Job {JobId} of {Repository} failed when its VM {RunnerName} was evicted; asked GitHub to re-run it")]
    public static partial void Rerun(ILogger logger, long jobId, WorkflowText repository, WorkflowText runnerName);

    [LoggerMessage(EventId = 1316, EventName = "JobRerunRefused", Level = LogLevel.Warning,
        Message = "GitHub refused to re-run job {JobId} of {Repository} after its VM was evicted ({Kind}); not asked again")]
    public static partial void RerunRefused(ILogger logger, Exception exception, long jobId, WorkflowText repository, FailureKind kind);

    [LoggerMessage(EventId = 1312, EventName = "RunnerHandedOver", Level = LogLevel.Information,
        Message = "Job {JobId} started on {RunnerName}, which was made for job {MadeFor}; VM {Spare} now stands for job {MadeFor}")]
    public static partial void HandedOver(ILogger logger, long jobId, WorkflowText runnerName, long madeFor, string spare);

    [LoggerMessage(EventId = 1313, EventName = "RunnerIdentityMismatch", Level = LogLevel.Warning,
        Message = "Job {JobId} {Action} names runner {RunnerName} with id {RunnerId}, but Scaler registered that VM in pool {Pool} as runner {RegisteredId}; the VM is left alone")]
    public static partial void RunnerMismatch(ILogger logger, long jobId, JobAction action, WorkflowText runnerName, long? runnerId, long? registeredId, string pool);

    [LoggerMessage(EventId = 1314, EventName = "JobRefusedByRunnerGroup", Level = LogLevel.Warning,
        Message = "Job {JobId} of {Repository} gets no VM in pool {Pool} and is marked Failed: {Reason}")]
    public static partial void RefusedByRunnerGroup(ILogger logger, long jobId, string pool, WorkflowText repository, WorkflowText reason);

    [LoggerMessage(EventId = 1315, EventName = "RunnerGroupUnread", Level = LogLevel.Warning,
        Message = "Job {JobId} in pool {Pool}: runner group {RunnerGroupId} could not be read ({Failure}); provisioning as if it serves the repository")]
    public static partial void RunnerGroupUnread(ILogger logger, long jobId, string pool, long runnerGroupId, WorkflowText failure);

    [LoggerMessage(EventId = 1318, EventName = "VmCreateNotWatched", Level = LogLevel.Debug,
        Message = "VM {VmName} in pool {Pool} has no started create to watch (its capacity row is {State})")]
    public static partial void CreateNotWatched(ILogger logger, string vmName, string pool, RunnerState? state);

    [LoggerMessage(EventId = 1335, EventName = "UserDataNotCleared", Level = LogLevel.Warning,
        Message = "Could not clear the userData of VM {VmName} of pool {Pool}; the reconciler will")]
    public static partial void UserDataNotCleared(ILogger logger, Exception exception, string vmName, string pool);
}
