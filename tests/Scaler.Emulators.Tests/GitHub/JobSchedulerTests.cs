using Scaler.Emulators.GitHub.Jobs;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class JobSchedulerTests
{
    [Fact]
    public async Task QueueJob_RunnerLacksALabel_StaysQueuedUntilMatchingRunnerConnects()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await harness.OnlineRunnerAsync("orgs/acme", "cpu-1", "2.330.0", "linux");

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["self-hosted", "Linux", "gpu"]));
        var whileUnmatched = harness.Emulator.GetJob(job.Id)!;
        var gpu = await harness.OnlineRunnerAsync("orgs/acme", "gpu-1", "2.330.0", "linux", "GPU");

        Assert.Equal("queued", whileUnmatched.Status);
        Assert.Equal(gpu.Id, harness.Emulator.GetJob(job.Id)!.RunnerId);
    }

    [Fact]
    public async Task QueueJob_RunnerOfOtherOrganization_DoesNotTakeIt()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await harness.OnlineRunnerAsync("orgs/other", "other-1", "2.330.0", "linux");
        await harness.OnlineRunnerAsync("repos/other/site", "site-1", "2.330.0", "linux");

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));

        Assert.Equal("queued", harness.Emulator.GetJob(job.Id)!.Status);
    }

    [Theory]
    [InlineData("repos/acme/app")]
    [InlineData("orgs/acme")]
    [InlineData("enterprises/acme-ent")]
    public async Task QueueJob_RunnerAtCoveringScope_TakesIt(string scopePath)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var runner = await harness.OnlineRunnerAsync(scopePath, "vm-1", "2.330.0", "linux");

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));

        Assert.Equal("in_progress", harness.Emulator.GetJob(job.Id)!.Status);
        Assert.Equal(runner.Id, harness.Emulator.GetJob(job.Id)!.RunnerId);
    }

    [Fact]
    public async Task QueueJob_RunnerVersionOver30DaysBehindNewerRelease_GetsNoJob()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await harness.OnlineRunnerAsync("orgs/acme", "old-1", "2.329.0", "linux");

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));
        var current = await harness.OnlineRunnerAsync("orgs/acme", "new-1", "2.330.0", "linux");

        Assert.Equal(current.Id, harness.Emulator.GetJob(job.Id)!.RunnerId);
    }

    [Fact]
    public async Task QueueJob_RunnerBehindReleaseYoungerThan30Days_GetsJob()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.RunnerReleases.Add(new("2.331.0", EmulatorHarness.Start.AddDays(-5))));
        var runner = await harness.OnlineRunnerAsync("orgs/acme", "vm-1", "2.330.0", "linux");

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));

        Assert.Equal(runner.Id, harness.Emulator.GetJob(job.Id)!.RunnerId);
    }

    [Fact]
    public async Task QueueJob_RunnerOver30DaysBehindTheFirstNewerRelease_GetsNoJob_ThoughTheNewestIsYoung()
    {
        // 2.331.0 came out 31 days ago, 2.332.0 two days ago: 2.330.0's 30 days count from 2.331.0.
        await using var harness = await EmulatorHarness.StartAsync(o =>
        {
            o.RunnerReleases.Add(new("2.331.0", EmulatorHarness.Start.AddDays(-31)));
            o.RunnerReleases.Add(new("2.332.0", EmulatorHarness.Start.AddDays(-2)));
        });
        await harness.OnlineRunnerAsync("orgs/acme", "old-1", "2.330.0", "linux");

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));

        Assert.Equal("queued", harness.Emulator.GetJob(job.Id)!.Status);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public async Task QueueJob_FirstNewerReleaseThirtyDaysOld_GetsJobsUntilMoreThanThirtyDaysBehind(int secondsOver, bool getsJob)
    {
        await using var harness = await EmulatorHarness.StartAsync(o =>
        {
            o.RunnerReleases.Add(new("2.331.0", EmulatorHarness.Start.AddDays(-30).AddSeconds(-secondsOver)));
            o.RunnerReleases.Add(new("2.332.0", EmulatorHarness.Start.AddDays(-1)));
        });
        var runner = await harness.OnlineRunnerAsync("orgs/acme", "vm-1", "2.330.0", "linux");

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));

        Assert.Equal(getsJob ? runner.Id : null, harness.Emulator.GetJob(job.Id)!.RunnerId);
    }

    [Fact]
    public async Task QueueJob_PrereleaseNewerThanTheRunner_DoesNotCount()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.RunnerReleases.Add(new("2.331.0", EmulatorHarness.Start.AddDays(-60), Prerelease: true)));
        var runner = await harness.OnlineRunnerAsync("orgs/acme", "vm-1", "2.330.0", "linux");

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));

        Assert.Equal(runner.Id, harness.Emulator.GetJob(job.Id)!.RunnerId);
    }

    [Fact]
    public async Task QueueJob_Unassigned24Hours_CompletesAsFailure()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));

        harness.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var before = harness.Emulator.GetJob(job.Id)!;
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var after = harness.Emulator.GetJob(job.Id)!;

        Assert.Equal("queued", before.Status);
        Assert.Equal("completed", after.Status);
        Assert.Equal("failure", after.Conclusion);
    }

    [Fact]
    public async Task CancelJob_Queued_CompletesAsCancelled()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));

        var cancelled = harness.Emulator.CancelJob(job.Id);

        Assert.True(cancelled);
        Assert.Equal("cancelled", harness.Emulator.GetJob(job.Id)!.Conclusion);
        Assert.False(harness.Emulator.CancelJob(job.Id));
    }

    [Fact]
    public async Task QueueJob_RunsForDuration_CompletesAndRemovesEphemeralRunner()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await harness.OnlineRunnerAsync("orgs/acme", "vm-1", "2.330.0", "linux");
        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]) { Duration = TimeSpan.FromMinutes(3), Conclusion = "success" });

        harness.Time.Advance(TimeSpan.FromMinutes(3));

        var done = harness.Emulator.GetJob(job.Id)!;
        Assert.Equal("completed", done.Status);
        Assert.Equal("success", done.Conclusion);
        Assert.Equal(EmulatorHarness.Start.AddMinutes(3), done.CompletedAt);
        Assert.Empty(harness.Emulator.GetRunners());
    }

    [Fact]
    public async Task Disconnect_BusyRunner_FailsItsJob()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await harness.OnlineRunnerAsync("orgs/acme", "vm-1", "2.330.0", "linux");
        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]));

        using var response = await harness.DisconnectAsync("vm-1");

        response.EnsureSuccessStatusCode();
        Assert.Equal("failure", harness.Emulator.GetJob(job.Id)!.Conclusion);
    }

    [Fact]
    public async Task QueueJob_RequiresApproval_WaitsUntilApproved()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await harness.OnlineRunnerAsync("orgs/acme", "vm-1", "2.330.0", "linux");

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]) { RequiresApproval = true });
        var waiting = harness.Emulator.GetJob(job.Id)!;
        var approved = harness.Emulator.ApproveJob(job.Id);

        Assert.Equal("waiting", waiting.Status);
        Assert.True(approved);
        Assert.Equal("in_progress", harness.Emulator.GetJob(job.Id)!.Status);
        Assert.Equal("waiting", (await harness.NextWebhookAsync("waiting")).GetProperty("workflow_job").GetProperty("status").GetString());
    }
}
