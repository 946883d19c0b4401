using Octokit;
using Scaler.Emulators.GitHub.Jobs;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class RerunTests
{
    [Fact]
    public async Task Rerun_CompletedJob_QueuesTheNextAttemptOnce()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["self-hosted", "linux"]));
        harness.Emulator.CancelJob(job.Id);
        var api = new ApiConnection(client.Connection);
        var uri = new Uri($"repos/acme/app/actions/jobs/{job.Id}/rerun", UriKind.Relative);

        await api.Post(uri);
        var again = await Assert.ThrowsAsync<ForbiddenException>(() => api.Post(uri));

        var rerun = Assert.Single(harness.Emulator.GetJobs(), j => j.Id != job.Id);
        Assert.Equal((job.RunId, "queued"), (rerun.RunId, rerun.Status));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, again.StatusCode);
    }

    [Fact]
    public async Task Rerun_JobStillQueued_IsRefused()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["self-hosted", "linux"]));

        await Assert.ThrowsAsync<ForbiddenException>(() => new ApiConnection(client.Connection).Post(new Uri($"repos/acme/app/actions/jobs/{job.Id}/rerun", UriKind.Relative)));
        Assert.Single(harness.Emulator.GetJobs());
    }
}
