using Microsoft.Extensions.Logging;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Convergence;

/// <summary>Reconciler log events (ids 1500-1599): every action with its reason.</summary>
internal static partial class ReconcileLog
{
    [LoggerMessage(EventId = 1500, EventName = "ReconcileAction", Level = LogLevel.Information,
        Message = "Reconcile pool {Pool}: {Action} {Name}: {Reason}")]
    public static partial void Action(ILogger logger, string pool, ReconcileActionKind action, WorkflowText name, string reason);

    [LoggerMessage(EventId = 1501, EventName = "RunnerBecameBusy", Level = LogLevel.Information,
        Message = "Reconcile pool {Pool}: kept {Name}: it took a job before it could be deregistered")]
    public static partial void KeptBusy(ILogger logger, string pool, WorkflowText name);

    [LoggerMessage(EventId = 1502, EventName = "ReconcileActionFailed", Level = LogLevel.Warning,
        Message = "Reconcile pool {Pool}: {Action} {Name} failed; the next run tries again")]
    public static partial void ActionFailed(ILogger logger, Exception exception, string pool, ReconcileActionKind action, WorkflowText name);

    [LoggerMessage(EventId = 1503, EventName = "ReconcilePoolFailed", Level = LogLevel.Error,
        Message = "Reconcile pool {Pool} could not read its state; the next run tries again")]
    public static partial void PoolFailed(ILogger logger, Exception exception, string pool);

    [LoggerMessage(EventId = 1504, EventName = "WebhookRecoveryFailed", Level = LogLevel.Error,
        Message = "Could not read or redeliver failed webhook deliveries; the next run tries again")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1512, EventName = "CapacityRowKept", Level = LogLevel.Information,
        Message = "Reconcile pool {Pool}: kept the capacity row of {Name}: {Reason}")]
    public static partial void RowKept(ILogger logger, string pool, WorkflowText name, string reason);
}
