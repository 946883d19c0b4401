using Scaler.Core.Jobs;
using Scaler.Core.Pools;

namespace Scaler.Cli.Simulation;

/// <summary>
/// GitHub's <c>workflow_job</c> deliveries in the simulation: the payload GitHub would send, routed by Scaler's
/// <see cref="PoolRouter"/> and made into a queue message by <see cref="JobMessages"/>, as the intake does, then put on
/// the queue <see cref="SimulationOptions.WebhookLatency"/> after the event. Signatures and body limits are not modelled.
/// </summary>
internal sealed class SimulatedWebhooks(EventLoop loop, SimulationOptions options, PoolRouter router, IJobQueue queue)
{
    private int deliveries;

    /// <summary>The pool the job's queued event is routed to; null when no pool takes it.</summary>
    public PoolOptions? Route(TraceJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return router.Route([.. job.Labels], Origin(job)).Pool;
    }

    public void Send(SimulatedJob job, JobAction action) => loop.After(options.WebhookLatency, () =>
    {
        var payload = Payload(job, action);
        if (router.Route(payload.WorkflowJob!.Labels!, Origin(job.Trace)).Pool is not { } pool)
        {
            return;
        }

        var delivery = new Guid(++deliveries, 0, 0, new byte[8]);
        // The simulated queue takes the message at once.
        _ = queue.EnqueueAsync(JobMessages.FromWebhook(payload, action, delivery, pool.Name, loop.Now), CancellationToken.None);
    });

    private static JobOrigin Origin(TraceJob job) => new(job.Repository, job.Repository.Split('/')[0], null, RepositoryVisibility.Private);

    private static WorkflowJobEvent Payload(SimulatedJob job, JobAction action)
    {
        var started = action == JobAction.Queued ? null : job.StartedAt;
        var completed = action == JobAction.Completed ? job.CompletedAt : null;
        var workflowJob = new WorkflowJob(
            job.Id,
            job.Id,
            RunAttempt: 1,
            Name: "simulated",
            Status: action.Name(),
            Conclusion: action == JobAction.Completed ? SimulatedGitHub.Conclusion(job) : null,
            Labels: job.Trace.Labels,
            RunnerId: action == JobAction.Queued ? null : job.RunnerId,
            RunnerName: action == JobAction.Queued ? null : job.RunnerName,
            RunnerGroupId: null,
            CreatedAt: job.ArrivedAt,
            StartedAt: started,
            CompletedAt: completed);
        var owner = job.Trace.Repository.Split('/')[0];
        return new WorkflowJobEvent(action.Name(), workflowJob, new RepositoryRef(1, job.Trace.Repository, Private: true, Visibility: "private"), new AccountRef(1, owner), null, null);
    }
}
