using Scaler.Emulators.GitHub.Recording;
using Scaler.Emulators.GitHub.Runners;
using Scaler.Emulators.GitHub.Tenancy;

namespace Scaler.Emulators.GitHub.Jobs;

/// <summary>
/// Queues workflow jobs and hands each to an idle online runner whose labels contain the job's
/// labels, at a scope covering the job's repository, whose version is not outdated. Runs jobs for
/// their duration on the emulator's clock, fails jobs queued too long, and removes ephemeral
/// runners after their job. Reports every transition through <c>notify</c> (called under the gate,
/// in order).
/// </summary>
internal sealed class JobScheduler(
    RunnerRegistry registry,
    Tenants tenants,
    RunnerVersionPolicy versionPolicy,
    GitHubEmulatorOptions options,
    GitHubHistory history,
    Action<WorkflowJob, string> notify)
{
    private readonly Dictionary<long, WorkflowJob> jobs = [];
    private readonly TimeProvider time = options.TimeProvider;
    private long nextJobId = 5_000_000_001;
    private long nextRunId = 9_000_000_001;

    public WorkflowJobInfo Queue(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Labels.Count == 0)
        {
            throw new ArgumentException("A job needs at least one runs-on label.", nameof(request));
        }

        var repository = tenants.FindRepository(request.RepositoryFullName)
            ?? throw new InvalidOperationException($"Repository '{request.RepositoryFullName}' is not seeded.");
        lock (registry.Gate)
        {
            var job = new WorkflowJob(nextJobId++, nextRunId++, repository, request, request.Duration ?? options.DefaultJobDuration, time.GetUtcNow());
            jobs.Add(job.Id, job);
            if (request.RequiresApproval)
            {
                job.Status = "waiting";
                notify(job, "waiting");
            }
            else
            {
                EnterQueue(job);
                Dispatch();
            }

            return job.ToInfo();
        }
    }

    /// <summary>
    /// <c>POST .../actions/jobs/{id}/rerun</c>: a completed job runs again as a new job of the same run, with the
    /// next attempt number. Null when the job is unknown, not completed, or already re-run.
    /// </summary>
    public WorkflowJobInfo? Rerun(long jobId)
    {
        lock (registry.Gate)
        {
            if (!jobs.TryGetValue(jobId, out var old) || old.Status != "completed" || old.Rerun)
            {
                return null;
            }

            old.Rerun = true;
            var job = new WorkflowJob(nextJobId++, old.RunId, old.Repository, old.Request, old.Duration, time.GetUtcNow(), old.RunAttempt + 1);
            jobs.Add(job.Id, job);
            EnterQueue(job);
            Dispatch();
            return job.ToInfo();
        }
    }

    public bool Approve(long jobId)
    {
        lock (registry.Gate)
        {
            if (!jobs.TryGetValue(jobId, out var job) || job.Status != "waiting")
            {
                return false;
            }

            EnterQueue(job);
            Dispatch();
            return true;
        }
    }

    public bool Cancel(long jobId)
    {
        lock (registry.Gate)
        {
            if (!jobs.TryGetValue(jobId, out var job) || job.Status == "completed")
            {
                return false;
            }

            Complete(job, "cancelled");
            return true;
        }
    }

    public WorkflowJobInfo? Find(long jobId)
    {
        lock (registry.Gate)
        {
            return jobs.GetValueOrDefault(jobId)?.ToInfo();
        }
    }

    /// <summary><c>GET .../actions/jobs/{id}</c>: the job in the shape webhooks carry; null when unknown or of another repository.</summary>
    public System.Text.Json.Nodes.JsonObject? Describe(long jobId, string repositoryFullName)
    {
        lock (registry.Gate)
        {
            return jobs.TryGetValue(jobId, out var job) && string.Equals(job.Repository.FullName, repositoryFullName, StringComparison.OrdinalIgnoreCase)
                ? Webhooks.WorkflowJobPayload.Job(job)
                : null;
        }
    }

    public IReadOnlyList<WorkflowJobInfo> All()
    {
        lock (registry.Gate)
        {
            return jobs.Values.OrderBy(j => j.Id).Select(j => j.ToInfo()).ToList();
        }
    }

    /// <summary>Fails the job of a runner whose machine went away. Call under the gate.</summary>
    public void RunnerLost(Runner runner)
    {
        if (runner.CurrentJobId is { } jobId && jobs.TryGetValue(jobId, out var job))
        {
            Complete(job, "failure");
        }
    }

    /// <summary>Assigns queued jobs to eligible idle runners, oldest job first. Call under the gate.</summary>
    public void Dispatch()
    {
        foreach (var job in jobs.Values.Where(j => j.Status == "queued").OrderBy(j => j.Id).ToList())
        {
            var runner = registry.All
                .Where(r => r.Online && !r.Busy && Covers(r.Scope, job.Repository) && HasLabels(r, job.Request.Labels) && !versionPolicy.IsOutdated(r.Version))
                .OrderBy(r => r.Id)
                .FirstOrDefault();
            if (runner is not null)
            {
                Start(job, runner);
            }
        }
    }

    private void EnterQueue(WorkflowJob job)
    {
        job.Status = "queued";
        history.Record(GitHubEventKind.JobQueued, null, null, job.Id);
        notify(job, "queued");
        job.Timer = time.CreateTimer(_ => OnQueueTimeout(job), null, options.QueueTimeout, Timeout.InfiniteTimeSpan);
    }

    private void Start(WorkflowJob job, Runner runner)
    {
        job.Timer?.Dispose();
        runner.CurrentJobId = job.Id;
        job.Status = "in_progress";
        job.StartedAt = time.GetUtcNow();
        job.RunnerId = runner.Id;
        job.RunnerName = runner.Name;
        job.RunnerGroupId = runner.GroupId;
        job.RunnerGroupName = runner.GroupName;
        history.Record(GitHubEventKind.RunnerBusy, runner.Id, runner.Name, job.Id);
        history.Record(GitHubEventKind.JobStarted, runner.Id, runner.Name, job.Id);
        notify(job, "in_progress");
        job.Timer = time.CreateTimer(_ => OnJobFinished(job), null, job.Duration, Timeout.InfiniteTimeSpan);
    }

    private void OnQueueTimeout(WorkflowJob job)
    {
        lock (registry.Gate)
        {
            if (job.Status == "queued")
            {
                Complete(job, "failure");
            }
        }
    }

    private void OnJobFinished(WorkflowJob job)
    {
        lock (registry.Gate)
        {
            if (job.Status == "in_progress")
            {
                Complete(job, job.Request.Conclusion);
            }
        }
    }

    private void Complete(WorkflowJob job, string conclusion)
    {
        job.Timer?.Dispose();
        job.Timer = null;
        job.Status = "completed";
        job.Conclusion = conclusion;
        job.CompletedAt = time.GetUtcNow();
        if (job.StartedAt is null)
        {
            job.StartedAt = job.CompletedAt;
        }

        history.Record(GitHubEventKind.JobCompleted, job.RunnerId, job.RunnerName, job.Id, conclusion);
        var runner = job.RunnerId is { } runnerId ? registry.Find(runnerId) : null;
        if (runner is not null && runner.CurrentJobId == job.Id)
        {
            runner.CurrentJobId = null;
            history.Record(GitHubEventKind.RunnerIdle, runner.Id, runner.Name, job.Id);
            if (runner.Ephemeral)
            {
                registry.Remove(runner);
            }
        }

        notify(job, "completed");
        Dispatch();
    }

    private bool Covers(RunnerScope scope, Repository repository) => scope.Kind switch
    {
        RunnerScopeKind.Repository => string.Equals(scope.Name, repository.FullName, StringComparison.OrdinalIgnoreCase),
        RunnerScopeKind.Organization => string.Equals(scope.Name, repository.Owner, StringComparison.OrdinalIgnoreCase),
        _ => tenants.FindOrganization(repository.Owner)?.EnterpriseSlug is { } slug && string.Equals(scope.Name, slug, StringComparison.OrdinalIgnoreCase),
    };

    private static bool HasLabels(Runner runner, IReadOnlyList<string> labels) =>
        labels.All(l => runner.Labels.Any(rl => string.Equals(rl.Name, l, StringComparison.OrdinalIgnoreCase)));

    public void StopTimers()
    {
        lock (registry.Gate)
        {
            foreach (var job in jobs.Values)
            {
                job.Timer?.Dispose();
            }
        }
    }
}
