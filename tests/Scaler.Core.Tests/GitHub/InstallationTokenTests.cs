using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Core.Tests.GitHub;

public sealed class InstallationTokenTests
{
    [Fact]
    public async Task ListRunnersAsync_TokenStillFresh_ReusesIt()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();
        await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);

        github.Time.Advance(TimeSpan.FromMinutes(54));
        await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);

        Assert.Equal(1, github.TokenRequests);
    }

    [Fact]
    public async Task ListRunnersAsync_TokenWithinFiveMinutesOfExpiry_RequestsNewToken()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();
        await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);

        github.Time.Advance(TimeSpan.FromMinutes(55) + TimeSpan.FromSeconds(1));
        await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);
        await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);

        Assert.Equal(2, github.TokenRequests);
    }

    [Fact]
    public async Task ListRunnersAsync_ConcurrentCallersWithoutToken_ShareOneTokenRequest()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None)));

        Assert.Equal(1, github.TokenRequests);
    }

    [Fact]
    public async Task ListRunnersAsync_OrgTargetWithoutInstallationId_LooksItUpOnce()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();

        await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(installationId: null), CancellationToken.None);
        await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(installationId: null), CancellationToken.None);

        Assert.Equal(1, github.Emulator.Counters.Calls(new GitHubEndpoint("GET", "/orgs/{org}/installation")));
        Assert.Equal(1, github.TokenRequests);
    }

    [Fact]
    public async Task GenerateJitConfigAsync_RepoTargetWithoutInstallationId_LooksUpRepositoryInstallation()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();

        var jit = await runners.GenerateJitConfigAsync(EmulatedGitHub.RepoTarget(installationId: null), "vm-lookup", ["linux"], 1, CancellationToken.None);

        Assert.True(jit.RunnerId > 0);
        Assert.Equal(1, github.Emulator.Counters.Calls(new GitHubEndpoint("GET", "/repos/{owner}/{repo}/installation")));
    }

    [Fact]
    public async Task ListRunnersAsync_InstallationIdGiven_SkipsLookup()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();

        await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);

        Assert.Equal(0, github.Emulator.Counters.Calls(new GitHubEndpoint("GET", "/orgs/{org}/installation")));
    }

    [Fact]
    public async Task ListRunnersAsync_OrgWithoutInstallation_ThrowsNotFound()
    {
        await using var github = await EmulatedGitHub.StartAsync(o => o.Organizations.Add(new Scaler.Emulators.GitHub.OrganizationSeed("bare", 300)));
        var runners = github.App();

        var error = await Assert.ThrowsAsync<AdapterException>(() =>
            runners.ListRunnersAsync(new RunnerTarget(Scaler.Core.Pools.RunnerScope.Org, "bare"), CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, error.Kind);
    }
}
