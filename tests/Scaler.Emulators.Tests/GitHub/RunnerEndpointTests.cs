using System.Net;
using Octokit;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class RunnerEndpointTests
{
    [Fact]
    public async Task ListRunners_MoreThanOnePage_FollowsLinkHeaderToEveryRunner()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        for (var i = 1; i <= 5; i++)
        {
            await EmulatorHarness.GenerateJitConfigAsync(client, "repos/acme/app", $"runner-{i}", "linux");
        }

        var firstPage = await client.Actions.SelfHostedRunners.ListAllRunnersForRepository("acme", "app", new ApiOptions { PageSize = 2, PageCount = 1 });
        var response = client.GetLastApiInfo();
        var all = await client.Actions.SelfHostedRunners.ListAllRunnersForRepository("acme", "app", new ApiOptions { PageSize = 2 });

        Assert.Equal(5, firstPage.TotalCount);
        Assert.Equal(2, firstPage.Runners.Count);
        Assert.Contains("next", response.Links.Keys);
        Assert.Equal(["runner-1", "runner-2", "runner-3", "runner-4", "runner-5"], all.Runners.Select(r => r.Name));
    }

    [Fact]
    public async Task GenerateJitConfig_NameExistsAtScope_ThrowsConflict()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        await EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-1", "linux");

        var error = await Assert.ThrowsAsync<ApiException>(() => EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-1", "linux"));
        var otherScope = await EmulatorHarness.GenerateJitConfigAsync(client, "repos/acme/app", "vm-1", "linux");

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("vm-1", otherScope.Runner.Name);
    }

    [Fact]
    public async Task GenerateJitConfig_RunnerGroupFull_ThrowsUnprocessable()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.RunnerGroupCapacity = 2);
        var client = await harness.InstallationClientAsync();
        await EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-1", "linux");
        await EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-2", "linux");

        await Assert.ThrowsAsync<ApiValidationException>(() => EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-3", "linux"));
    }

    [Fact]
    public async Task GenerateJitConfig_NoLabels_ThrowsUnprocessable()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();

        await Assert.ThrowsAsync<ApiValidationException>(() => EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-1"));
    }

    [Fact]
    public async Task DeleteRunner_BusyRunner_ThrowsUnprocessableThenSucceedsWhenIdle()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        var jit = await EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-1", "linux");
        (await harness.ConnectAsync(jit.EncodedJitConfig)).EnsureSuccessStatusCode();
        var job = harness.Emulator.QueueJob(new("acme/app", ["linux"]) { Duration = TimeSpan.FromMinutes(5) });
        Assert.Equal("in_progress", harness.Emulator.GetJob(job.Id)!.Status);

        await Assert.ThrowsAsync<ApiValidationException>(() => client.Actions.SelfHostedRunners.DeleteOrganizationRunner("acme", jit.Runner.Id));
        harness.Emulator.CancelJob(job.Id);
        var idle = harness.Emulator.GetRunners();

        Assert.Empty(idle);
        await Assert.ThrowsAsync<NotFoundException>(() => client.Actions.SelfHostedRunners.DeleteOrganizationRunner("acme", jit.Runner.Id));
    }

    [Fact]
    public async Task DeleteRunner_IdleRunner_RemovesIt()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        var jit = await EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-1", "linux");

        await client.Actions.SelfHostedRunners.DeleteOrganizationRunner("acme", jit.Runner.Id);

        Assert.Empty(harness.Emulator.GetRunners());
    }

    [Fact]
    public async Task GetRunner_AfterConnect_ReportsOnlineWithLabels()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        var jit = await EmulatorHarness.GenerateJitConfigAsync(client, "repos/acme/app", "vm-1", "linux", "gpu");
        (await harness.ConnectAsync(jit.EncodedJitConfig)).EnsureSuccessStatusCode();

        var runner = await new ApiConnection(client.Connection).Get<RunnerModel>(new Uri($"repos/acme/app/actions/runners/{jit.Runner.Id}", UriKind.Relative));

        Assert.Equal("online", runner.Status);
        Assert.False(runner.Busy);
        Assert.True(runner.Ephemeral);
        Assert.Equal(["self-hosted", "linux", "gpu"], runner.Labels.Select(l => l.Name));
    }

    [Fact]
    public async Task RunnerDownloadsAndLatestRelease_Configured_ReturnNewestVersion()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();

        var downloads = await client.Actions.SelfHostedRunners.ListAllRunnerApplicationsForOrganization("acme");
        var latest = await client.Repository.Release.GetLatest("actions", "runner");
        var token = await client.Actions.SelfHostedRunners.CreateOrganizationRegistrationToken("acme");

        Assert.Equal("v2.330.0", latest.TagName);
        Assert.Equal(EmulatorHarness.NewReleaseDate, latest.PublishedAt);
        Assert.Contains(downloads, d => d.Os == "linux" && d.Architecture == "x64" && d.DownloadUrl.EndsWith("actions-runner-linux-x64-2.330.0.tar.gz", StringComparison.Ordinal));
        Assert.Equal(EmulatorHarness.Start.AddHours(1), token.ExpiresAt);
    }
}
