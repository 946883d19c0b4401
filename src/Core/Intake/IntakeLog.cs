using Microsoft.Extensions.Logging;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Intake;

/// <summary>
/// Webhook intake log events (ids 1000-1099). No secret or signature is ever a parameter; values from the payload
/// are <see cref="WorkflowText"/>.
/// </summary>
internal static partial class IntakeLog
{
    [LoggerMessage(EventId = 1000, EventName = "WebhookQueued", Level = LogLevel.Information,
        Message = "Queued workflow_job {Action} for job {JobId} of {Repository} to pool {Pool} (delivery {DeliveryId})")]
    public static partial void Queued(ILogger logger, string action, long jobId, WorkflowText repository, string pool, Guid deliveryId);

    [LoggerMessage(EventId = 1001, EventName = "WebhookNotRouted", Level = LogLevel.Information,
        Message = "Not routed: job {JobId} of {Repository} with labels {Labels}: {Reason} (delivery {DeliveryId})")]
    public static partial void NotRouted(ILogger logger, long jobId, WorkflowText repository, WorkflowText labels, string reason, Guid deliveryId);

    [LoggerMessage(EventId = 1002, EventName = "WebhookIgnored", Level = LogLevel.Debug,
        Message = "Ignored {Event} delivery {DeliveryId}: {Reason}")]
    public static partial void Ignored(ILogger logger, string @event, Guid deliveryId, string reason);

    [LoggerMessage(EventId = 1003, EventName = "WebhookRejected", Level = LogLevel.Warning,
        Message = "Rejected webhook delivery {DeliveryId} with {StatusCode}: {Reason}")]
    public static partial void Rejected(ILogger logger, string deliveryId, int statusCode, WorkflowText reason);

    [LoggerMessage(EventId = 1004, EventName = "WebhookEnqueueFailed", Level = LogLevel.Error,
        Message = "Could not queue job {JobId} (delivery {DeliveryId}); GitHub records the delivery as failed and it can be redelivered")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception, long jobId, Guid deliveryId);

    [LoggerMessage(EventId = 1005, EventName = "WebhookPing", Level = LogLevel.Information,
        Message = "Ping from GitHub (delivery {DeliveryId})")]
    public static partial void Ping(ILogger logger, Guid deliveryId);

    [LoggerMessage(EventId = 1006, EventName = "JobAwaitingApproval", Level = LogLevel.Information,
        Message = "Job {JobId} of {Repository} waits for an environment approval; its runner is provisioned when the queued event follows the approval (delivery {DeliveryId})")]
    public static partial void AwaitingApproval(ILogger logger, long jobId, WorkflowText repository, Guid deliveryId);

    [LoggerMessage(EventId = 1007, EventName = "WebhookBodyBudgetFull", Level = LogLevel.Warning,
        Message = "Answered 503 to delivery {DeliveryId} before reading more of its body: unauthenticated bodies hold {HeldBytes} of {BudgetBytes} bytes")]
    public static partial void BodyBudgetFull(ILogger logger, string deliveryId, long heldBytes, long budgetBytes);

    [LoggerMessage(EventId = 1008, EventName = "WebhookStaleQueuedIgnored", Level = LogLevel.Warning,
        Message = "Ignored queued job {JobId} of {Repository}: created at {CreatedAt}, longer ago than {Window}; GitHub no longer queues it, so the delivery is a replay or a late redelivery (delivery {DeliveryId})")]
    public static partial void StaleQueued(ILogger logger, long jobId, WorkflowText repository, DateTimeOffset createdAt, TimeSpan window, Guid deliveryId);
}
