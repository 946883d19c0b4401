using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.GitHub;

/// <summary>The in-memory fake the processor tests use keeps the same contract as the Octokit adapter.</summary>
public sealed class FakeGitHubRunnersContractTests : GitHubRunnersContract
{
    private FakeGitHubRunners? fake;

    protected override Task<IGitHubRunners> CreateAsync(int runnerGroupCapacity = 10_000)
    {
        fake = new FakeGitHubRunners(runnerGroupCapacity);
        return Task.FromResult<IGitHubRunners>(fake);
    }

    protected override RunnerTarget Target(RunnerScope scope) => scope switch
    {
        RunnerScope.Repo => new RunnerTarget(scope, "contoso/api"),
        RunnerScope.Org => new RunnerTarget(scope, "contoso"),
        _ => new RunnerTarget(scope, "contoso-corp"),
    };

    protected override Task MakeBusyAsync(RunnerTarget target, JitRunner runner, IReadOnlyList<string> labels)
    {
        fake!.SetBusy(runner.Name, busy: true);
        return Task.CompletedTask;
    }

    protected override Task AddRunnerGroupAsync(RunnerScope scope, long id, string visibility, bool allowsPublic, IReadOnlyList<string> selected)
    {
        var groupVisibility = Enum.Parse<RunnerGroupVisibility>(visibility, ignoreCase: true);
        fake!.RunnerGroups[(Target(scope).PathPrefix, id)] = new RunnerGroupAccess(id, $"group-{id}", groupVisibility, allowsPublic, groupVisibility == RunnerGroupVisibility.Selected ? selected : []);
        return Task.CompletedTask;
    }

    protected override Task PublishReleaseAsync(string version, DateTimeOffset publishedAt, bool prerelease = false)
    {
        // The fake holds what GitHub lists once drafts and prereleases are left out.
        if (!prerelease)
        {
            fake!.Releases.Add(FakeGitHubRunners.Release(version, publishedAt));
        }

        return Task.CompletedTask;
    }
}
