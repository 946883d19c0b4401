using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Intake;

/// <summary>
/// The webhook path: read the body once, verify, parse, route, enqueue, answer. It calls neither GitHub
/// nor Azure Resource Manager; everything slow happens behind the queue. Until the signature is checked the
/// body counts against the process's <see cref="UnauthenticatedBodyBudget"/>.
/// </summary>
public sealed class WebhookIntake(
    IOptions<WebhookOptions> webhook,
    IOptions<IntakeOptions> intake,
    UnauthenticatedBodyBudget budget,
    PoolRouter router,
    IJobQueue queue,
    ScalerMetrics metrics,
    TimeProvider time,
    ILogger<WebhookIntake> logger)
{
    private const string WaitingAction = "waiting";

    /// <summary>
    /// GitHub cancels a job that has waited 24 hours for a runner, so a <c>queued</c> delivery for a job created
    /// longer ago than this is a replay (or a redelivery too late to help), never a job that still needs a runner.
    /// The hour on top absorbs clock skew and GitHub's own delay in delivering.
    /// </summary>
    public static readonly TimeSpan QueuedReplayWindow = TimeSpan.FromHours(24) + TimeSpan.FromHours(1);

    public async Task<IntakeResult> AcceptAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limits = new BodyLimits(CappedBody.MaxBytes, intake.Value.BodyTimeout);
        var read = await CappedBody.ReadAsync(request.Body, request.ContentLength, limits, budget, time, cancellationToken);
        using var body = read.Body;
        if (body is null)
        {
            return Unread(request, read.Status, limits);
        }

        var signature = WebhookSignature.Verify(body.Bytes, request.Signature, webhook.Value.WebhookSecret);
        if (signature != SignatureCheck.Valid)
        {
            return Reject(request, 401, signature switch
            {
                SignatureCheck.Missing => $"{WebhookSignature.HeaderName} header missing",
                SignatureCheck.Malformed => $"{WebhookSignature.HeaderName} is not sha256=<64 hex digits>",
                _ => $"{WebhookSignature.HeaderName} does not match the body and the configured secret",
            });
        }

        body.Authenticated();
        if (string.IsNullOrWhiteSpace(request.Event))
        {
            return Reject(request, 400, $"{WebhookRequest.EventHeader} header missing");
        }

        if (!Guid.TryParse(request.DeliveryId, out var deliveryId))
        {
            return Reject(request, 400, $"{WebhookRequest.DeliveryHeader} header missing or not a GUID");
        }

        switch (request.Event)
        {
            case "ping":
                IntakeLog.Ping(logger, deliveryId);
                return Answer(200, new IntakeResponse(IntakeOutcome.Pong, "pong"));
            case "workflow_job":
                return await AcceptJobAsync(body.Bytes, deliveryId, cancellationToken);
            default:
                return Ignore(request.Event, deliveryId, "Scaler handles only workflow_job events");
        }
    }

    private async Task<IntakeResult> AcceptJobAsync(ReadOnlySequence<byte> body, Guid deliveryId, CancellationToken cancellationToken)
    {
        var (payload, error) = WorkflowJobParser.Parse(body);
        if (payload is null)
        {
            return Reject(deliveryId.ToString(), 400, error!);
        }

        var job = payload.WorkflowJob!;
        var repository = payload.Repository!.FullName!;
        if (payload.Action == WaitingAction || job.Status == WaitingAction)
        {
            IntakeLog.AwaitingApproval(logger, job.Id, repository, deliveryId);
            return Answer(202, new IntakeResponse(IntakeOutcome.Ignored, "the job waits for an environment approval; the queued event after the approval provisions its runner", JobId: job.Id));
        }

        if (!JobActionNames.TryParse(payload.Action, out var action))
        {
            return Ignore("workflow_job", deliveryId, $"action {payload.Action} needs no runner");
        }

        if (action == JobAction.Queued && job.CreatedAt is { } created && time.GetUtcNow() - created > QueuedReplayWindow)
        {
            IntakeLog.StaleQueued(logger, job.Id, repository, created, QueuedReplayWindow, deliveryId);
            return Answer(202, new IntakeResponse(IntakeOutcome.Ignored, $"the job was created at {created:O}, more than {QueuedReplayWindow.TotalHours} hours ago: GitHub no longer queues it, so this is a replay or a late redelivery", JobId: job.Id));
        }

        var origin = new JobOrigin(repository, payload.Organization?.Login, payload.Enterprise?.Slug, RepositoryVisibilities.From(payload.Repository.Visibility, payload.Repository.Private));
        var route = router.Route(job.Labels!, origin);
        if (route.Pool is null)
        {
            var reason = route.Describe();
            if (logger.IsEnabled(LogLevel.Information))
            {
                var labels = WorkflowText.From(job.Labels);
                IntakeLog.NotRouted(logger, job.Id, repository, labels, reason, deliveryId);
            }

            return Answer(202, new IntakeResponse(IntakeOutcome.NotRouted, reason, JobId: job.Id));
        }

        using var span = JobTrace.StartDelivery(job.Id, action.Name());
        var message = JobMessages.FromWebhook(payload, action, deliveryId, route.Pool.Name, time.GetUtcNow());
        if (message.ToJson().Length is var size && size > JobMessage.MaxJsonBytes)
        {
            // Deterministic: the same body would fail the same way, so 400 rather than a 503 GitHub would retry.
            return Reject(deliveryId.ToString(), 400, $"the job's queue message would be {size} bytes, more than the queue's {JobMessage.MaxJsonBytes}");
        }

        try
        {
            await queue.EnqueueAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IntakeLog.EnqueueFailed(logger, ex, job.Id, deliveryId);
            return Answer(503, new IntakeResponse(IntakeOutcome.Unavailable, "the job queue is unavailable; redeliver later", route.Pool.Name, job.Id));
        }

        IntakeLog.Queued(logger, payload.Action!, job.Id, repository, route.Pool.Name, deliveryId);
        return Answer(202, new IntakeResponse(IntakeOutcome.Queued, route.Describe(), route.Pool.Name, job.Id));
    }

    /// <summary>The answer when the body could not be read whole.</summary>
    private IntakeResult Unread(WebhookRequest request, BodyStatus status, BodyLimits limits)
    {
        switch (status)
        {
            case BodyStatus.TooLarge:
                return Reject(request, 413, "payload larger than 25 MB");
            case BodyStatus.OverBudget:
                IntakeLog.BodyBudgetFull(logger, DeliveryIdForLog(request), budget.Held, budget.Capacity);
                return Answer(503, new IntakeResponse(IntakeOutcome.Unavailable, "too many webhook bodies are arriving at once; redeliver later"), retryAfter: limits.Timeout);
            case BodyStatus.TimedOut:
                return Reject(request, 408, $"the body did not arrive within {limits.Timeout}");
            default:
                return Reject(request, 400, "the body ended early: the connection failed or was too slow");
        }
    }

    private IntakeResult Ignore(string @event, Guid deliveryId, string reason)
    {
        IntakeLog.Ignored(logger, @event, deliveryId, reason);
        return Answer(202, new IntakeResponse(IntakeOutcome.Ignored, reason));
    }

    private IntakeResult Reject(WebhookRequest request, int status, string reason) =>
        Reject(DeliveryIdForLog(request), status, reason);

    /// <summary>The delivery header only when it is a GUID: before the signature is checked, anyone wrote it.</summary>
    private static string DeliveryIdForLog(WebhookRequest request) =>
        Guid.TryParse(request.DeliveryId, out var id) ? id.ToString() : "(none)";

    private IntakeResult Reject(string deliveryId, int status, string reason)
    {
        IntakeLog.Rejected(logger, deliveryId, status, reason);
        return Answer(status, new IntakeResponse(IntakeOutcome.Rejected, reason));
    }

    private IntakeResult Answer(int status, IntakeResponse response, TimeSpan? retryAfter = null)
    {
        metrics.WebhookHandled(response.Outcome.ToString(), response.Pool);
        return new IntakeResult(status, response, retryAfter);
    }
}
