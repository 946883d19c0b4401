using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;

namespace Scaler.Core.Tests.GitHub;

/// <summary>
/// What every <see cref="IGitHubRunners"/> must do, whatever is behind it. Subclasses supply the
/// implementation and the few things only the backend can do (targets that exist, a busy runner).
/// </summary>
public abstract class GitHubRunnersContract
{
    protected static readonly IReadOnlyList<string> Labels = ["self-hosted", "linux", "x64"];

    /// <summary>A fresh implementation over an empty backend whose runner groups hold at most <paramref name="runnerGroupCapacity"/> runners per scope.</summary>
    protected abstract Task<IGitHubRunners> CreateAsync(int runnerGroupCapacity = 10_000);

    /// <summary>A target of <paramref name="scope"/> that exists and the implementation may manage.</summary>
    protected abstract RunnerTarget Target(RunnerScope scope);

    /// <summary>Makes the runner take a job, so that it is busy, as a VM running it would.</summary>
    protected abstract Task MakeBusyAsync(RunnerTarget target, JitRunner runner, IReadOnlyList<string> labels);

    /// <summary>Publishes an <c>actions/runner</c> release (a prerelease when <paramref name="prerelease"/>) on the backend.</summary>
    protected abstract Task PublishReleaseAsync(string version, DateTimeOffset publishedAt, bool prerelease = false);

    /// <summary>
    /// Adds runner group <paramref name="id"/> at the organization or enterprise <see cref="Target"/> gives for
    /// <paramref name="scope"/>, with GitHub's <paramref name="visibility"/> (<c>all</c>, <c>selected</c>, <c>private</c>) and,
    /// when selected, <paramref name="selected"/> repositories (organization) or organizations (enterprise).
    /// </summary>
    protected abstract Task AddRunnerGroupAsync(RunnerScope scope, long id, string visibility, bool allowsPublic, IReadOnlyList<string> selected);

    [Theory]
    [InlineData(RunnerScope.Org)]
    [InlineData(RunnerScope.Enterprise)]
    public async Task GetRunnerGroupAsync_DefaultGroup_ServesEveryRepositoryButNoPublicOnes(RunnerScope scope)
    {
        var github = await CreateAsync();

        var group = await github.GetRunnerGroupAsync(Target(scope), 1, CancellationToken.None);

        Assert.Equal((1L, RunnerGroupVisibility.All, false), (group?.Id, group?.Visibility, group?.AllowsPublicRepositories));
        Assert.Empty(group!.Selected);
    }

    [Fact]
    public async Task GetRunnerGroupAsync_OrganizationGroupOfSelectedRepositories_ListsThem()
    {
        var github = await CreateAsync();
        var repository = Target(RunnerScope.Repo).Owner;
        await AddRunnerGroupAsync(RunnerScope.Org, 5, "selected", allowsPublic: true, [repository]);

        var group = await github.GetRunnerGroupAsync(Target(RunnerScope.Org), 5, CancellationToken.None);

        Assert.Equal((5L, RunnerGroupVisibility.Selected, true), (group?.Id, group?.Visibility, group?.AllowsPublicRepositories));
        Assert.Equal([repository], group!.Selected);
        Assert.Null(group.Refuses(RunnerScope.Org, repository, Scaler.Core.Pools.RepositoryVisibility.Public));
    }

    [Fact]
    public async Task GetRunnerGroupAsync_OrganizationGroupOfPrivateRepositories_ReadsAsPrivate()
    {
        var github = await CreateAsync();
        await AddRunnerGroupAsync(RunnerScope.Org, 6, "private", allowsPublic: false, []);

        var group = await github.GetRunnerGroupAsync(Target(RunnerScope.Org), 6, CancellationToken.None);

        Assert.Equal(RunnerGroupVisibility.Private, group?.Visibility);
    }

    [Fact]
    public async Task GetRunnerGroupAsync_EnterpriseGroupOfSelectedOrganizations_ListsThem()
    {
        var github = await CreateAsync();
        var organization = Target(RunnerScope.Org).Owner;
        await AddRunnerGroupAsync(RunnerScope.Enterprise, 7, "selected", allowsPublic: false, [organization]);

        var group = await github.GetRunnerGroupAsync(Target(RunnerScope.Enterprise), 7, CancellationToken.None);

        Assert.Equal((RunnerGroupVisibility.Selected, false), (group?.Visibility, group?.AllowsPublicRepositories));
        Assert.Equal([organization], group!.Selected);
    }

    [Fact]
    public async Task GetRunnerGroupAsync_UnknownGroup_ReturnsNull()
    {
        var github = await CreateAsync();

        var group = await github.GetRunnerGroupAsync(Target(RunnerScope.Org), 404, CancellationToken.None);

        Assert.Null(group);
    }

    [Theory]
    [InlineData(RunnerScope.Repo)]
    [InlineData(RunnerScope.Org)]
    [InlineData(RunnerScope.Enterprise)]
    public async Task GenerateJitConfigAsync_AtEachScope_ReturnsConfigAndRunnerId(RunnerScope scope)
    {
        var github = await CreateAsync();

        var runner = await github.GenerateJitConfigAsync(Target(scope), "vm-jit-1", Labels, 1, CancellationToken.None);

        Assert.True(runner.RunnerId > 0);
        Assert.Equal("vm-jit-1", runner.Name);
        Assert.False(string.IsNullOrWhiteSpace(runner.EncodedJitConfig));
    }

    [Theory]
    [InlineData(RunnerScope.Repo)]
    [InlineData(RunnerScope.Org)]
    [InlineData(RunnerScope.Enterprise)]
    public async Task GetRunnerAsync_AfterJitConfig_ReturnsRunnerThatAlsoLists(RunnerScope scope)
    {
        var github = await CreateAsync();
        var target = Target(scope);
        var jit = await github.GenerateJitConfigAsync(target, "vm-get-1", Labels, 1, CancellationToken.None);

        var runner = await github.GetRunnerAsync(target, jit.RunnerId, CancellationToken.None);
        var listed = await github.ListRunnersAsync(target, CancellationToken.None);

        Assert.NotNull(runner);
        Assert.Equal(jit.RunnerId, runner.Id);
        Assert.Equal("vm-get-1", runner.Name);
        Assert.False(runner.Busy);
        Assert.Subset(Labels.ToHashSet(StringComparer.OrdinalIgnoreCase), runner.Labels.ToHashSet(StringComparer.OrdinalIgnoreCase));
        Assert.Contains(listed, r => r.Id == jit.RunnerId && r.Name == "vm-get-1");
    }

    [Fact]
    public async Task GetRunnerAsync_UnknownRunner_ReturnsNull()
    {
        var github = await CreateAsync();

        var runner = await github.GetRunnerAsync(Target(RunnerScope.Org), 987_654, CancellationToken.None);

        Assert.Null(runner);
    }

    [Fact]
    public async Task GenerateJitConfigAsync_NameTaken_ThrowsConflict()
    {
        var github = await CreateAsync();
        var target = Target(RunnerScope.Org);
        await github.GenerateJitConfigAsync(target, "vm-dup", Labels, 1, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AdapterException>(() => github.GenerateJitConfigAsync(target, "vm-dup", Labels, 1, CancellationToken.None));

        Assert.Equal(FailureKind.Conflict, error.Kind);
    }

    [Fact]
    public async Task GenerateJitConfigAsync_GroupFull_ThrowsCapacityUnavailable()
    {
        var github = await CreateAsync(runnerGroupCapacity: 2);
        var target = Target(RunnerScope.Repo);
        await github.GenerateJitConfigAsync(target, "vm-full-1", Labels, 1, CancellationToken.None);
        await github.GenerateJitConfigAsync(target, "vm-full-2", Labels, 1, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AdapterException>(() => github.GenerateJitConfigAsync(target, "vm-full-3", Labels, 1, CancellationToken.None));

        Assert.Equal(FailureKind.CapacityUnavailable, error.Kind);
    }

    [Theory]
    [InlineData(RunnerScope.Repo)]
    [InlineData(RunnerScope.Org)]
    [InlineData(RunnerScope.Enterprise)]
    public async Task DeleteRunnerAsync_Twice_ReturnsTrueThenFalse(RunnerScope scope)
    {
        var github = await CreateAsync();
        var target = Target(scope);
        var jit = await github.GenerateJitConfigAsync(target, "vm-del-1", Labels, 1, CancellationToken.None);

        var first = await github.DeleteRunnerAsync(target, jit.RunnerId, CancellationToken.None);
        var second = await github.DeleteRunnerAsync(target, jit.RunnerId, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Null(await github.GetRunnerAsync(target, jit.RunnerId, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteRunnerAsync_BusyRunner_ThrowsConflict()
    {
        var github = await CreateAsync();
        var target = Target(RunnerScope.Org);
        var jit = await github.GenerateJitConfigAsync(target, "vm-busy-1", Labels, 1, CancellationToken.None);
        await MakeBusyAsync(target, jit, Labels);

        var error = await Assert.ThrowsAsync<AdapterException>(() => github.DeleteRunnerAsync(target, jit.RunnerId, CancellationToken.None));

        Assert.Equal(FailureKind.Conflict, error.Kind);
        Assert.True((await github.GetRunnerAsync(target, jit.RunnerId, CancellationToken.None))?.Busy);
    }

    [Fact]
    public async Task ListRunnersAsync_MoreThanOnePage_ReturnsEveryRunner()
    {
        var github = await CreateAsync();
        var target = Target(RunnerScope.Org);
        var names = Enumerable.Range(1, 120).Select(i => $"vm-page-{i:D3}").ToList();
        foreach (var name in names)
        {
            await github.GenerateJitConfigAsync(target, name, Labels, 1, CancellationToken.None);
        }

        var listed = await github.ListRunnersAsync(target, CancellationToken.None);

        Assert.Equal(names, listed.Select(r => r.Name).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(120, listed.Select(r => r.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(RunnerScope.Org)]
    [InlineData(RunnerScope.Enterprise)]
    public async Task ListReleasesAsync_Published_ReturnsVersionsDatesAndChecksumsNewestFirst(RunnerScope scope)
    {
        var github = await CreateAsync();
        var older = new DateTimeOffset(2025, 10, 1, 12, 0, 0, TimeSpan.Zero);
        await PublishReleaseAsync("2.328.0", older);
        await PublishReleaseAsync("2.329.0", older.AddDays(14));

        var releases = await github.ListReleasesAsync(Target(scope), CancellationToken.None);

        Assert.Equal(releases.OrderByDescending(r => r.ParsedVersion).Select(r => r.Version), releases.Select(r => r.Version));
        Assert.Contains(releases, r => r.Version == "2.328.0" && r.PublishedAt == older);
        Assert.Contains(releases, r => r.Version == "2.329.0" && r.PublishedAt == older.AddDays(14));
        Assert.All(releases, r => Assert.Matches("^[0-9a-f]{64}$", r.Sha256For("linux-x64")));
        Assert.All(releases, r => Assert.Matches("^[0-9a-f]{64}$", r.Sha256For("linux-arm64")));
        Assert.NotEqual(releases[0].Sha256For("linux-x64"), releases[^1].Sha256For("linux-x64"));
    }

    [Fact]
    public async Task ListReleasesAsync_NewestRelease_HasTheChecksumTheDownloadsOffer()
    {
        var github = await CreateAsync();
        var target = Target(RunnerScope.Org);

        var newest = (await github.ListReleasesAsync(target, CancellationToken.None))[0];
        var download = Assert.Single(await github.ListDownloadsAsync(target, CancellationToken.None), d => d.Os == "linux" && d.Architecture == "x64");

        Assert.Equal(download.Sha256, newest.Sha256For("linux-x64"));
        Assert.EndsWith($"-{newest.Version}.tar.gz", download.DownloadUrl.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListReleasesAsync_Prerelease_IsLeftOut()
    {
        var github = await CreateAsync();
        await PublishReleaseAsync("2.399.0", new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero), prerelease: true);

        var releases = await github.ListReleasesAsync(Target(RunnerScope.Org), CancellationToken.None);

        Assert.NotEmpty(releases);
        Assert.DoesNotContain(releases, r => r.Version == "2.399.0");
    }

    [Fact]
    public async Task ListReleasesAsync_MoreThanGitHubsDefaultPage_ReturnsThemAll()
    {
        var github = await CreateAsync();
        var first = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 40; i++)
        {
            await PublishReleaseAsync($"2.{250 + i}.0", first.AddDays(i));
        }

        var releases = await github.ListReleasesAsync(Target(RunnerScope.Org), CancellationToken.None);

        Assert.Equal(41, releases.Count);
        Assert.Equal(40, releases.Count(r => r.PublishedAt >= first && r.PublishedAt < first.AddDays(40)));
    }
}
