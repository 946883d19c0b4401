using Scaler.Core.Failures;
using Scaler.Core.GitHub;

namespace Scaler.Cli.Simulation;

/// <summary>
/// GitHub's side of the simulation: just-in-time runners registered by Scaler, queued jobs, and the hand-out of the
/// oldest queued job to an online idle runner whose labels it matches (as GitHub does, whatever VM was made for
/// it). An ephemeral runner deregisters itself when its job ends. Runner groups admit every repository.
/// </summary>
internal sealed class SimulatedGitHub(EventLoop loop) : IGitHubRunners
{
    private readonly SortedDictionary<long, SimulatedRunner> runners = [];
    private readonly Dictionary<long, SimulatedJob> jobs = [];
    private readonly List<SimulatedJob> queued = [];
    private long nextRunnerId = 1000;

    /// <summary>A runner took a job.</summary>
    public Action<SimulatedJob>? Started { get; set; }

    /// <summary>A job ended (its runner deregistered).</summary>
    public Action<SimulatedJob>? Completed { get; set; }

    public int Queued => queued.Count;

    /// <summary>A job is queued at GitHub; an idle runner with its labels takes it at once.</summary>
    public void Queue(SimulatedJob job)
    {
        jobs[job.Id] = job;
        queued.Add(job);
        HandOut();
    }

    /// <summary>The VM's runner process started: its registration is online and may take a job.</summary>
    public void BringOnline(string name)
    {
        if (runners.Values.FirstOrDefault(r => r.Name == name) is { } runner)
        {
            runner.Online = true;
            HandOut();
        }
    }

    /// <summary>The VM stopped: its runner is offline, and a job it ran ends as a failure.</summary>
    public void TakeOffline(string name)
    {
        if (runners.Values.FirstOrDefault(r => r.Name == name) is not { } runner)
        {
            return;
        }

        runner.Online = false;
        if (runner.Job is { CompletedAt: null } job)
        {
            job.Failed = true;
            Finish(runner, job);
        }
    }

    public Task<JitRunner> GenerateJitConfigAsync(RunnerTarget target, string name, IReadOnlyList<string> labels, long runnerGroupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (runners.Values.Any(r => r.Target == target.PathPrefix && r.Name == name))
        {
            throw new AdapterException(AdapterName.GitHub, FailureKind.Conflict, $"a runner named {name} exists");
        }

        var runner = new SimulatedRunner(++nextRunnerId, name, target.PathPrefix, labels);
        runners[runner.Id] = runner;
        return Task.FromResult(new JitRunner(runner.Id, name, "simulated"));
    }

    public Task<RunnerGroupAccess?> GetRunnerGroupAsync(RunnerTarget target, long runnerGroupId, CancellationToken cancellationToken) =>
        Task.FromResult<RunnerGroupAccess?>(new RunnerGroupAccess(runnerGroupId, "Default", RunnerGroupVisibility.All, AllowsPublicRepositories: true, []));

    public Task<GitHubRunner?> GetRunnerAsync(RunnerTarget target, long runnerId, CancellationToken cancellationToken) =>
        Task.FromResult(runners.TryGetValue(runnerId, out var runner) ? runner.Describe() : null);

    public Task<IReadOnlyList<GitHubRunner>> ListRunnersAsync(RunnerTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Task.FromResult<IReadOnlyList<GitHubRunner>>([.. runners.Values.Where(r => r.Target == target.PathPrefix).Select(r => r.Describe())]);
    }

    public Task<bool> DeleteRunnerAsync(RunnerTarget target, long runnerId, CancellationToken cancellationToken)
    {
        if (!runners.TryGetValue(runnerId, out var runner))
        {
            return Task.FromResult(false);
        }

        if (runner.Job is { CompletedAt: null })
        {
            throw new AdapterException(AdapterName.GitHub, FailureKind.Conflict, "the runner is running a job");
        }

        return Task.FromResult(runners.Remove(runnerId));
    }

    public Task<GitHubJob?> GetJobAsync(RunnerTarget repository, long jobId, CancellationToken cancellationToken) =>
        Task.FromResult(jobs.TryGetValue(jobId, out var job)
            ? new GitHubJob(job.Id, job.Id, job.Status, Conclusion(job), job.RunnerId, job.RunnerName, job.ArrivedAt, job.StartedAt, job.CompletedAt)
            : null);

    public Task RerunJobAsync(RunnerTarget repository, long jobId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<RunnerDownload>> ListDownloadsAsync(RunnerTarget target, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunnerDownload>>([]);

    public Task<IReadOnlyList<RunnerReleaseInfo>> ListReleasesAsync(RunnerTarget target, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunnerReleaseInfo>>([]);

    public static string? Conclusion(SimulatedJob job) => job.CompletedAt is null ? null : job.Failed ? "failure" : "success";

    /// <summary>Queued jobs, oldest first, each to the idle online runner registered longest.</summary>
    private void HandOut()
    {
        foreach (var job in queued.ToList())
        {
            var runner = runners.Values.FirstOrDefault(r => r.Online && r.Job is null && job.Trace.Labels.All(l => r.Labels.Contains(l, StringComparer.OrdinalIgnoreCase)));
            if (runner is null)
            {
                continue;
            }

            queued.Remove(job);
            runner.Job = job;
            job.StartedAt = loop.Now;
            job.RunnerId = runner.Id;
            job.RunnerName = runner.Name;
            Started?.Invoke(job);
            loop.After(job.Trace.Duration, () =>
            {
                if (job.CompletedAt is null)
                {
                    Finish(runner, job);
                }
            });
        }
    }

    private void Finish(SimulatedRunner runner, SimulatedJob job)
    {
        job.CompletedAt = loop.Now;
        runners.Remove(runner.Id);
        Completed?.Invoke(job);
    }

    private sealed class SimulatedRunner(long id, string name, string target, IReadOnlyList<string> labels)
    {
        public long Id { get; } = id;

        public string Name { get; } = name;

        public string Target { get; } = target;

        public IReadOnlyList<string> Labels { get; } = labels;

        public bool Online { get; set; }

        public SimulatedJob? Job { get; set; }

        public GitHubRunner Describe() => new(Id, Name, Online, Busy: Job is { CompletedAt: null }, Labels, Version: null);
    }
}
