using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Failures;
using Scaler.Core.Pools;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.RunnerUpdates;

public class GitHubRunnerReleasesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeGitHubRunners github = new();
    private readonly FakeTimeProvider time = new(T0.AddDays(12));
    private readonly FakeLogCollector logs = new();
    private readonly FakePackageMirror mirror = new();
    private readonly PoolOptions pool = new() { Name = "linux-x64", Owner = "contoso", Labels = ["linux", "x64"] };
    private readonly PoolOptions armPool = new() { Name = "linux-arm", Owner = "contoso", Labels = ["linux", "arm64"] };

    public GitHubRunnerReleasesTests()
    {
        github.Releases.Clear();
        github.Releases.Add(FakeGitHubRunners.Release("2.330.0", T0));
        github.Releases.Add(FakeGitHubRunners.Release("2.331.0", T0.AddDays(10)));
    }

    [Fact]
    public async Task GetCurrent_NoSoak_InstallsWhatTheDownloadsOffer_WithoutListingReleases()
    {
        var release = await Releases(soak: TimeSpan.Zero).GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal("2.331.0", release.Version);
        Assert.Equal(FakeGitHubRunners.Checksum("2.331.0", "linux-x64"), release.Sha256);
        Assert.EndsWith("/v2.331.0/actions-runner-linux-x64-2.331.0.tar.gz", release.DownloadUrl.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(0, github.ReleaseListCalls);
    }

    [Theory]
    [InlineData("x64")]
    [InlineData("arm64")]
    public async Task GetCurrent_NewestStillSoaking_InstallsTheOlderReleaseFromItsTarballAndNotesChecksum(string architecture)
    {
        var release = await Releases(soak: TimeSpan.FromDays(3)).GetCurrentAsync(architecture == "x64" ? pool : armPool, CancellationToken.None);

        Assert.Equal("2.330.0", release.Version);
        Assert.Equal(new Uri($"https://github.com/actions/runner/releases/download/v2.330.0/actions-runner-linux-{architecture}-2.330.0.tar.gz"), release.DownloadUrl);
        Assert.Equal(FakeGitHubRunners.Checksum("2.330.0", $"linux-{architecture}"), release.Sha256);
    }

    [Fact]
    public async Task GetCurrent_SoakOver_InstallsTheNewest()
    {
        time.SetUtcNow(T0.AddDays(13));

        var release = await Releases(soak: TimeSpan.FromDays(3)).GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal("2.331.0", release.Version);
    }

    [Fact]
    public async Task GetCurrent_OlderReleaseListsNoChecksumForTheArchitecture_InstallsTheNewestAndWarns()
    {
        github.Releases[0] = FakeGitHubRunners.Release("2.330.0", T0, "linux-x64");

        var release = await Releases(soak: TimeSpan.FromDays(3)).GetCurrentAsync(armPool, CancellationToken.None);

        Assert.Equal("2.331.0", release.Version);
        var log = Assert.Single(logs.GetSnapshot());
        Assert.Equal(("RunnerReleaseChecksumMissing", LogLevel.Warning), (log.Id.Name, log.Level));
    }

    [Fact]
    public async Task GetCurrent_ReleaseListFails_InstallsWhatTheDownloadsOfferAndWarns()
    {
        github.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.NotFound, "no actions/runner on this server"));

        var release = await Releases(soak: TimeSpan.FromDays(3)).GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal("2.331.0", release.Version);
        Assert.Equal("RunnerReleaseListFailed", Assert.Single(logs.GetSnapshot()).Id.Name);
    }

    [Fact]
    public async Task GetCurrent_WithinCacheFor_AsksGitHubOnce_ThenAgainAfterIt()
    {
        var releases = Releases(soak: TimeSpan.FromDays(3), cacheFor: TimeSpan.FromMinutes(5));
        var first = await releases.GetCurrentAsync(pool, CancellationToken.None);
        time.SetUtcNow(T0.AddDays(12).AddMinutes(5) - TimeSpan.FromTicks(1));
        var cached = await releases.GetCurrentAsync(pool, CancellationToken.None);
        time.SetUtcNow(T0.AddDays(13));
        var refreshed = await releases.GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal(("2.330.0", "2.330.0", "2.331.0"), (first.Version, cached.Version, refreshed.Version));
        Assert.Equal(2, github.ReleaseListCalls);
    }

    [Fact]
    public async Task GetCurrent_RefreshFails_KeepsServingTheLastKnownRelease()
    {
        var releases = Releases(soak: TimeSpan.Zero, cacheFor: TimeSpan.FromMinutes(5));
        var first = await releases.GetCurrentAsync(pool, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(6));
        github.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Transient, "GitHub is down"));

        var second = await releases.GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task GetCurrent_FirstFetchFails_Throws()
    {
        github.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Transient, "GitHub is down"));

        await Assert.ThrowsAsync<AdapterException>(() => Releases(soak: TimeSpan.Zero).GetCurrentAsync(pool, CancellationToken.None));
    }

    [Fact]
    public async Task GetCurrent_MirrorOff_NeverAsksTheMirror()
    {
        var release = await Releases(soak: TimeSpan.FromDays(3)).GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal("github.com", release.DownloadUrl.Host);
        Assert.Empty(mirror.Calls);
    }

    [Fact]
    public async Task GetCurrent_MirrorOn_ServesAndCachesTheMirroredRelease()
    {
        var releases = Releases(soak: TimeSpan.FromDays(3), mirrored: true);

        var first = await releases.GetCurrentAsync(armPool, CancellationToken.None);
        var cached = await releases.GetCurrentAsync(armPool, CancellationToken.None);

        Assert.Equal("mirror.example", first.DownloadUrl.Host);
        Assert.Equal((first.Version, first.Sha256), ("2.330.0", FakeGitHubRunners.Checksum("2.330.0", "linux-arm64")));
        Assert.Same(first, cached);
        Assert.Equal([("2.330.0", "linux-arm64")], mirror.Calls);
    }

    [Fact]
    public async Task GetCurrent_MirrorFails_ServesGitHubsUrlAndWarnsWithoutTheSas()
    {
        mirror.Failure = new AdapterException(AdapterName.Blob, FailureKind.Unauthorized, "storage answered 403 (AuthorizationPermissionMismatch) for runner-packages/2.330.0");

        var release = await Releases(soak: TimeSpan.Zero, mirrored: true).GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal("github.com", release.DownloadUrl.Host);
        var log = Assert.Single(logs.GetSnapshot());
        Assert.Equal((1604, "RunnerMirrorFailed", LogLevel.Warning), (log.Id.Id, log.Id.Name, log.Level));
        Assert.Contains("AuthorizationPermissionMismatch", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCurrent_RefreshFailsWhileMirrored_SignsTheLastKnownReleaseAnew()
    {
        var releases = Releases(soak: TimeSpan.Zero, cacheFor: TimeSpan.FromMinutes(5), mirrored: true);
        var first = await releases.GetCurrentAsync(pool, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(6));
        github.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Transient, "GitHub is down"));

        var second = await releases.GetCurrentAsync(pool, CancellationToken.None);

        Assert.Equal(first.Version, second.Version);
        Assert.NotEqual(first.DownloadUrl, second.DownloadUrl);
        Assert.Equal(2, mirror.Calls.Count);
    }

    private GitHubRunnerReleases Releases(TimeSpan soak, TimeSpan? cacheFor = null, bool mirrored = false) =>
        new(github, mirror, Options.Create(new RunnerUpdateOptions { Soak = soak, CacheFor = cacheFor ?? TimeSpan.FromMinutes(15), Mirror = mirrored }), time, new FakeLogger<GitHubRunnerReleases>(logs));
}
