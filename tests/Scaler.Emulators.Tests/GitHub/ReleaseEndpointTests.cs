using System.Text.RegularExpressions;
using Octokit;
using Scaler.Emulators.GitHub;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class ReleaseEndpointTests
{
    [Fact]
    public async Task ListReleases_Seeded_NewestFirstWithGitHubsShape()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();

        var releases = await client.Repository.Release.GetAll("actions", "runner");

        Assert.Equal(["v2.330.0", "v2.329.0"], releases.Select(r => r.TagName));
        Assert.Equal([EmulatorHarness.NewReleaseDate, EmulatorHarness.OldReleaseDate], releases.Select(r => r.PublishedAt));
        Assert.All(releases, r => Assert.False(r.Draft || r.Prerelease));
        Assert.Equal("https://github.com/actions/runner/releases/tag/v2.330.0", releases[0].HtmlUrl);
    }

    [Fact]
    public async Task ListReleases_Body_CarriesTheDownloadsChecksumsBetweenShaMarkers()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();

        var newest = (await client.Repository.Release.GetAll("actions", "runner"))[0];
        var downloads = await new ApiConnection(client.Connection).Get<List<RunnerDownloadModel>>(new Uri("orgs/acme/actions/runners/downloads", UriKind.Relative));

        foreach (var (platform, os, architecture) in new[] { ("linux-x64", "linux", "x64"), ("linux-arm64", "linux", "arm64") })
        {
            var marker = Regex.Match(newest.Body, $"<!-- BEGIN SHA {platform} -->([0-9a-f]{{64}})<!-- END SHA {platform} -->");
            Assert.True(marker.Success, $"no {platform} checksum in the body");
            Assert.Equal(downloads.Single(d => d.Os == os && d.Architecture == architecture).Sha256Checksum, marker.Groups[1].Value);
        }

        Assert.Contains("actions-runner-linux-x64-2.330.0.tar.gz <!-- BEGIN SHA linux-x64 -->", newest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListReleases_PerPage_PagesWithALinkHeader()
    {
        await using var harness = await EmulatorHarness.StartAsync(o =>
        {
            for (var i = 0; i < 3; i++)
            {
                o.RunnerReleases.Add(new RunnerRelease($"2.33{1 + i}.0", EmulatorHarness.Start.AddDays(-3 + i)));
            }
        });
        var client = await harness.InstallationClientAsync();

        var first = await client.Repository.Release.GetAll("actions", "runner", new ApiOptions { PageSize = 2, PageCount = 1 });
        var links = client.GetLastApiInfo().Links;
        var all = await client.Repository.Release.GetAll("actions", "runner", new ApiOptions { PageSize = 2 });

        Assert.Equal(["v2.333.0", "v2.332.0"], first.Select(r => r.TagName));
        Assert.Contains("next", links.Keys);
        Assert.Contains("per_page=2&page=3", links["last"].Query, StringComparison.Ordinal);
        Assert.Equal(["v2.333.0", "v2.332.0", "v2.331.0", "v2.330.0", "v2.329.0"], all.Select(r => r.TagName));
    }

    [Fact]
    public async Task PublishRelease_AtRunTime_IsListedOfferedAndLatestFromItsDate()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = harness.PatClient(); // an installation token would expire in the hour this test waits

        harness.Emulator.PublishRelease("2.331.0", EmulatorHarness.Start.AddHours(1));
        var before = await client.Repository.Release.GetAll("actions", "runner");
        harness.Time.Advance(TimeSpan.FromHours(1));
        var after = await client.Repository.Release.GetAll("actions", "runner");
        var latest = await client.Repository.Release.GetLatest("actions", "runner");
        var downloads = await client.Actions.SelfHostedRunners.ListAllRunnerApplicationsForOrganization("acme");

        Assert.Equal("v2.330.0", before[0].TagName);
        Assert.Equal(("v2.331.0", EmulatorHarness.Start.AddHours(1)), (after[0].TagName, after[0].PublishedAt));
        Assert.Equal("v2.331.0", latest.TagName);
        Assert.Contains(downloads, d => d.Os == "linux" && d.Architecture == "x64" && d.DownloadUrl.EndsWith("/v2.331.0/actions-runner-linux-x64-2.331.0.tar.gz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListReleases_PrereleaseAndDraft_AreListedFlaggedButNeverLatest()
    {
        await using var harness = await EmulatorHarness.StartAsync(o =>
        {
            o.RunnerReleases.Add(new RunnerRelease("2.331.0", EmulatorHarness.Start.AddDays(-2), Prerelease: true));
            o.RunnerReleases.Add(new RunnerRelease("2.332.0", EmulatorHarness.Start.AddDays(-1), Draft: true));
        });
        var client = await harness.InstallationClientAsync();

        var releases = await client.Repository.Release.GetAll("actions", "runner");
        var latest = await client.Repository.Release.GetLatest("actions", "runner");

        var draft = Assert.Single(releases, r => r.TagName == "v2.332.0");
        var prerelease = Assert.Single(releases, r => r.TagName == "v2.331.0");
        Assert.True(draft.Draft);
        Assert.Null(draft.PublishedAt);
        Assert.True(prerelease.Prerelease);
        Assert.Equal("v2.330.0", latest.TagName);
    }
}
