using System.Collections.Concurrent;
using Scaler.Core.Failures;
using Scaler.Core.GitHub;

namespace Scaler.Core.Tests.Fakes;

/// <summary>
/// GitHub's runner API in memory: names unique per target; deleting a busy runner is refused as GitHub refuses it
/// (422, a <see cref="FailureKind.Conflict"/>), and every delete is recorded in <see cref="DeleteAttempts"/> whatever
/// its outcome, so that a test can tell a caller that never asked from one whose request GitHub refused.
/// </summary>
internal sealed class FakeGitHubRunners(int runnerGroupCapacity = 10_000) : IGitHubRunners
{
    private readonly ConcurrentDictionary<(string Target, string Name), GitHubRunner> runners = new();
    private readonly ConcurrentQueue<AdapterException> failures = new();
    private long nextId = 1000;

    public int JitCalls => jitCalls;

    public IReadOnlyList<string> LastLabels { get; private set; } = [];

    /// <summary>Every encoded JIT config handed out, for tests that search logs for them.</summary>
    public ConcurrentQueue<string> IssuedJitConfigs { get; } = new();

    private int jitCalls;

    /// <summary>The next call (of any kind) throws this.</summary>
    public void FailNext(AdapterException failure) => failures.Enqueue(failure);

    public IReadOnlyList<GitHubRunner> All => [.. runners.Values];

    public void SetBusy(string name, bool busy)
    {
        foreach (var key in runners.Keys.Where(k => k.Name == name))
        {
            runners[key] = runners[key] with { Busy = busy };
        }
    }

    public void SetVersion(string name, string version)
    {
        foreach (var key in runners.Keys.Where(k => k.Name == name))
        {
            runners[key] = runners[key] with { Version = version, Online = true };
        }
    }

    public Task<JitRunner> GenerateJitConfigAsync(RunnerTarget target, string name, IReadOnlyList<string> labels, long runnerGroupId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref jitCalls);
        ThrowIfFailing();
        var runner = new GitHubRunner(Interlocked.Increment(ref nextId), name, Online: false, Busy: false, labels, Version: null);
        if (runners.Count >= runnerGroupCapacity)
        {
            throw new AdapterException(AdapterName.GitHub, FailureKind.CapacityUnavailable, "the runner group is full");
        }

        if (!runners.TryAdd((target.PathPrefix, name), runner))
        {
            throw new AdapterException(AdapterName.GitHub, FailureKind.Conflict, $"runner {name} exists");
        }

        LastLabels = labels;
        var jit = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{{\"runner\":{runner.Id},\"secret\":\"{Guid.NewGuid():N}\"}}"));
        IssuedJitConfigs.Enqueue(jit);
        return Task.FromResult(new JitRunner(runner.Id, name, jit));
    }

    /// <summary>Runner groups by target path and id. As at GitHub, group 1 is the default group (all repositories, no public ones) unless set here.</summary>
    public ConcurrentDictionary<(string Target, long Id), RunnerGroupAccess> RunnerGroups { get; } = new();

    public int RunnerGroupReads => runnerGroupReads;

    /// <summary>While set, every runner group read throws it (<see cref="FailNext"/> is left for the calls that provision).</summary>
    public AdapterException? RunnerGroupFailure { get; set; }

    private int runnerGroupReads;

    public Task<RunnerGroupAccess?> GetRunnerGroupAsync(RunnerTarget target, long runnerGroupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Scope == Scaler.Core.Pools.RunnerScope.Repo)
        {
            throw new ArgumentException("Repository targets have no runner groups.", nameof(target));
        }

        Interlocked.Increment(ref runnerGroupReads);
        if (RunnerGroupFailure is { } failure)
        {
            throw failure;
        }
        var group = RunnerGroups.GetValueOrDefault((target.PathPrefix, runnerGroupId))
            ?? (runnerGroupId == 1 ? new RunnerGroupAccess(1, "Default", RunnerGroupVisibility.All, AllowsPublicRepositories: false, []) : null);
        return Task.FromResult(group);
    }

    public Task<GitHubRunner?> GetRunnerAsync(RunnerTarget target, long runnerId, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult(runners.Where(r => r.Key.Target == target.PathPrefix && r.Value.Id == runnerId).Select(r => r.Value).FirstOrDefault());
    }

    public Task<IReadOnlyList<GitHubRunner>> ListRunnersAsync(RunnerTarget target, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult<IReadOnlyList<GitHubRunner>>([.. runners.Where(r => r.Key.Target == target.PathPrefix).Select(r => r.Value)]);
    }

    /// <summary>Runs just before a deregistration is decided, e.g. to make the runner take a job at that moment.</summary>
    public Action<long>? BeforeDelete { get; set; }

    /// <summary>Every runner id a delete was asked for, in order, refused or failed ones included.</summary>
    public ConcurrentQueue<long> DeleteAttempts { get; } = new();

    public Task<bool> DeleteRunnerAsync(RunnerTarget target, long runnerId, CancellationToken cancellationToken)
    {
        DeleteAttempts.Enqueue(runnerId);
        ThrowIfFailing();
        BeforeDelete?.Invoke(runnerId);
        var entry = runners.FirstOrDefault(r => r.Key.Target == target.PathPrefix && r.Value.Id == runnerId);
        if (entry.Value is null)
        {
            return Task.FromResult(false);
        }

        if (entry.Value.Busy)
        {
            throw new AdapterException(AdapterName.GitHub, FailureKind.Conflict, "runner is busy");
        }

        return Task.FromResult(runners.TryRemove(entry.Key, out _));
    }

    /// <summary>Jobs as GitHub reports them, by id; a job not here is unknown (404).</summary>
    public ConcurrentDictionary<long, GitHubJob> Jobs { get; } = new();

    public int JobReads => jobReads;

    private int jobReads;

    public Task<GitHubJob?> GetJobAsync(RunnerTarget repository, long jobId, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref jobReads);
        return Task.FromResult(Jobs.GetValueOrDefault(jobId));
    }

    public ConcurrentQueue<(string Repository, long JobId)> Reruns { get; } = new();

    public Task RerunJobAsync(RunnerTarget repository, long jobId, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Reruns.Enqueue((repository.Owner, jobId));
        return Task.CompletedTask;
    }

    /// <summary>The published <c>actions/runner</c> releases, in any order; the newest is what the downloads offer.</summary>
    public List<RunnerReleaseInfo> Releases { get; } = [Release("2.330.0", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero))];

    /// <summary>A release whose notes list linux-x64 and linux-arm64 checksums (or only <paramref name="platforms"/>).</summary>
    public static RunnerReleaseInfo Release(string version, DateTimeOffset publishedAt, params string[] platforms) =>
        new(version, publishedAt)
        {
            Checksums = (platforms.Length == 0 ? ["linux-x64", "linux-arm64"] : platforms).ToDictionary(p => p, p => Checksum(version, p)),
        };

    /// <summary>The checksum the fake gives a version's package for a platform.</summary>
    public static string Checksum(string version, string platform) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{platform}-{version}"))).ToLowerInvariant();

    public int ReleaseListCalls => releaseListCalls;

    private int releaseListCalls;

    public Task<IReadOnlyList<RunnerDownload>> ListDownloadsAsync(RunnerTarget target, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        var version = Newest().Version;
        return Task.FromResult<IReadOnlyList<RunnerDownload>>(
        [
            new("linux", "x64", new Uri($"https://github.com/actions/runner/releases/download/v{version}/actions-runner-linux-x64-{version}.tar.gz"), Checksum(version, "linux-x64")),
            new("linux", "arm64", new Uri($"https://github.com/actions/runner/releases/download/v{version}/actions-runner-linux-arm64-{version}.tar.gz"), Checksum(version, "linux-arm64")),
        ]);
    }

    public Task<IReadOnlyList<RunnerReleaseInfo>> ListReleasesAsync(RunnerTarget target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref releaseListCalls);
        ThrowIfFailing();
        return Task.FromResult<IReadOnlyList<RunnerReleaseInfo>>([.. Releases.OrderByDescending(r => r.ParsedVersion)]);
    }

    private RunnerReleaseInfo Newest() => Releases.MaxBy(r => r.ParsedVersion)!;

    private void ThrowIfFailing()
    {
        if (failures.TryDequeue(out var failure))
        {
            throw failure;
        }
    }
}
