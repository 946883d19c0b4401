using Scaler.Emulators.GitHub.Jobs;
using Scaler.Emulators.GitHub.Recording;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

/// <summary>The history records every runner and job transition with the emulator's time, in the order it happened.</summary>
public sealed class HistoryTests
{
    [Fact]
    public async Task History_JitRunnerRunsAJob_RecordsEachTransitionInOrder()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var runner = await harness.OnlineRunnerAsync("orgs/acme", "vm-1", "2.330.0", "linux");

        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]) { Duration = TimeSpan.FromMinutes(1) });
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        var events = harness.Emulator.History.Events;
        Assert.Equal(
            [GitHubEventKind.RunnerRegistered, GitHubEventKind.JobQueued, GitHubEventKind.RunnerBusy, GitHubEventKind.JobStarted, GitHubEventKind.JobCompleted, GitHubEventKind.RunnerIdle, GitHubEventKind.RunnerRemoved],
            events.Select(e => e.Kind));
        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
        Assert.All(events.Where(e => e.Kind != GitHubEventKind.JobQueued), e => Assert.Equal(runner.Id, e.RunnerId));
        Assert.All(events.Where(e => e.Kind is not (GitHubEventKind.RunnerRegistered or GitHubEventKind.RunnerRemoved)), e => Assert.Equal(job.Id, e.JobId));
        Assert.Equal("success", events.Single(e => e.Kind == GitHubEventKind.JobCompleted).Conclusion);
        Assert.Equal(EmulatorHarness.Start.AddMinutes(1), events[^1].At);
    }

    [Fact]
    public async Task History_BusyRunnerDeleteRefused_RecordsNoRemoval()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        var runner = await harness.OnlineRunnerAsync("orgs/acme", "vm-1", "2.330.0", "linux");
        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["linux"]) { Duration = TimeSpan.FromMinutes(5) });

        await Assert.ThrowsAsync<Octokit.ApiValidationException>(() => client.Actions.SelfHostedRunners.DeleteOrganizationRunner("acme", runner.Id));
        harness.Emulator.CancelJob(job.Id);

        var kinds = harness.Emulator.History.Events.Select(e => e.Kind).ToList();
        Assert.Single(kinds, GitHubEventKind.RunnerRemoved);
        Assert.True(kinds.IndexOf(GitHubEventKind.RunnerIdle) < kinds.IndexOf(GitHubEventKind.RunnerRemoved));
        Assert.Equal("cancelled", harness.Emulator.History.Events.Single(e => e.Kind == GitHubEventKind.JobCompleted).Conclusion);
    }

    [Fact]
    public async Task History_IdleRunnerDeleted_RecordsItsRemoval()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        var jit = await EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-1", "linux");

        await client.Actions.SelfHostedRunners.DeleteOrganizationRunner("acme", jit.Runner.Id);

        Assert.Equal([GitHubEventKind.RunnerRegistered, GitHubEventKind.RunnerRemoved], harness.Emulator.History.Events.Select(e => e.Kind));
        Assert.All(harness.Emulator.History.Events, e => Assert.Equal("vm-1", e.RunnerName));
    }
}
