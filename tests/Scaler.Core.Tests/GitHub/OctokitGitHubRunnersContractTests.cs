using Scaler.Core.GitHub;
using Scaler.Core.Pools;

namespace Scaler.Core.Tests.GitHub;

/// <summary>The contract run against the real Octokit adapter over the GitHub emulator (App for repo and org, PAT for enterprise).</summary>
public sealed class OctokitGitHubRunnersContractTests : GitHubRunnersContract, IAsyncLifetime
{
    private readonly List<EmulatedGitHub> emulators = [];

    protected override async Task<IGitHubRunners> CreateAsync(int runnerGroupCapacity = 10_000)
    {
        var github = await EmulatedGitHub.StartAsync(o => o.RunnerGroupCapacity = runnerGroupCapacity);
        emulators.Add(github);
        return github.App(withPat: true);
    }

    protected override RunnerTarget Target(RunnerScope scope) => scope switch
    {
        RunnerScope.Repo => EmulatedGitHub.RepoTarget(),
        RunnerScope.Org => EmulatedGitHub.OrgTarget(),
        _ => EmulatedGitHub.EnterpriseTarget(),
    };

    protected override Task MakeBusyAsync(RunnerTarget target, JitRunner runner, IReadOnlyList<string> labels) =>
        emulators[^1].MakeBusyAsync(runner, labels);

    protected override Task PublishReleaseAsync(string version, DateTimeOffset publishedAt, bool prerelease = false)
    {
        emulators[^1].Emulator.AddRunnerRelease(new Scaler.Emulators.GitHub.RunnerRelease(version, publishedAt, prerelease));
        return Task.CompletedTask;
    }

    protected override Task AddRunnerGroupAsync(RunnerScope scope, long id, string visibility, bool allowsPublic, IReadOnlyList<string> selected)
    {
        emulators[^1].Emulator.AddRunnerGroup(new Scaler.Emulators.GitHub.RunnerGroupSeed(Target(scope).Owner, id, $"group-{id}", visibility, allowsPublic, selected, Enterprise: scope == RunnerScope.Enterprise));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GetJobAsync_ReadsStatusAndRunner_AndNullForAnUnknownJob()
    {
        var github = await CreateAsync();
        var emulator = emulators[^1].Emulator;
        var waiting = emulator.QueueJob(new Scaler.Emulators.GitHub.Jobs.JobRequest(EmulatedGitHub.Repo, ["self-hosted", "gpu"]));
        var jit = await github.GenerateJitConfigAsync(EmulatedGitHub.RepoTarget(), "vm-job-1", Labels, 1, CancellationToken.None);
        await MakeBusyAsync(EmulatedGitHub.RepoTarget(), jit, Labels);
        var running = emulator.GetJobs().Single(j => j.RunnerId == jit.RunnerId);

        var queued = await github.GetJobAsync(EmulatedGitHub.RepoTarget(), waiting.Id, CancellationToken.None);
        var started = await github.GetJobAsync(EmulatedGitHub.RepoTarget(), running.Id, CancellationToken.None);
        var unknown = await github.GetJobAsync(EmulatedGitHub.RepoTarget(), 999, CancellationToken.None);

        Assert.Equal(("queued", false, null), (queued?.Status, queued?.Started, queued?.RunnerName));
        Assert.Equal(("in_progress", true, "vm-job-1", jit.RunnerId), (started?.Status, started?.Started, started?.RunnerName, started?.RunnerId));
        Assert.Equal(running.RunId, started?.RunId);
        Assert.NotNull(started?.StartedAt);
        Assert.Null(unknown);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var emulator in emulators)
        {
            await emulator.DisposeAsync();
        }
    }
}
