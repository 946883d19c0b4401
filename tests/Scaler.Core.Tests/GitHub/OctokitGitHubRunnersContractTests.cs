using Scaler.Core.GitHub;
using Scaler.Core.Pools;

namespace Scaler.Core.Tests.GitHub;

/// <summary>The contract run against the real Octokit adapter over the GitHub emulator (App for repo and org, PAT for enterprise).</summary>
public sealed class OctokitGitHubRunnersContractTests : GitHubRunnersContract, IAsyncLifetime
{
    private readonly List<EmulatedGitHub> _emulators = [];

    protected override async Task<IGitHubRunners> CreateAsync(int runnerGroupCapacity = 10_000)
    {
        var github = await EmulatedGitHub.StartAsync(o => o.RunnerGroupCapacity = runnerGroupCapacity);
        _emulators.Add(github);
        return github.App(withPat: true);
    }

    protected override RunnerTarget Target(RunnerScope scope) => scope switch
    {
        RunnerScope.Repo => EmulatedGitHub.RepoTarget(),
        RunnerScope.Org => EmulatedGitHub.OrgTarget(),
        _ => EmulatedGitHub.EnterpriseTarget(),
    };

    protected override Task MakeBusyAsync(RunnerTarget target, JitRunner runner, IReadOnlyList<string> labels) =>
        _emulators[^1].MakeBusyAsync(runner, labels);

    protected override Task PublishReleaseAsync(string version, DateTimeOffset publishedAt, bool prerelease = false)
    {
        _emulators[^1].Emulator.AddRunnerRelease(new Scaler.Emulators.GitHub.RunnerRelease(version, publishedAt, prerelease));
        return Task.CompletedTask;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var emulator in _emulators)
        {
            await emulator.DisposeAsync();
        }
    }
}
