using Microsoft.Extensions.DependencyInjection;
using Scaler.Cli.Sandbox;
using Scaler.Core.State;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Tests;

/// <summary>A Spot VM evicted in the middle of its job: the VM and registration are cleaned up and the job re-runs once.</summary>
public sealed class SpotEvictionEndToEndTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EvictedDuringItsJob_JobIsRerunOnANewVm_AndNothingIsLeft()
    {
        await using var sandbox = await Sandbox.Sandbox.StartAsync(new SandboxOptions { LinuxMinIdle = 0 }, CancellationToken.None);
        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromSeconds(8) });
        var running = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "in_progress", Within, "the job starts");
        var capacity = sandbox.Serve.Services.GetRequiredService<ICapacity>();
        await Eventually.TrueAsync(async () => (await capacity.GetRunnerAsync("linux-x64", running.RunnerName!, CancellationToken.None))?.State is RunnerState.Created or RunnerState.Busy, Within, "Scaler has recorded the VM");

        await sandbox.Arm.EvictAsync(running.RunnerName!, CancellationToken.None);
        var failed = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "completed", Within, "the evicted job fails");
        var rerun = await Eventually.ValueAsync(() => sandbox.GitHub.GetJobs().FirstOrDefault(j => j.RunId == job.RunId && j.Id != job.Id), j => j is not null, Within, "GitHub re-runs it");

        var done = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(rerun!.Id)!, j => j.Status == "completed", TimeSpan.FromSeconds(90), "the re-run completes");
        await Eventually.TrueAsync(() => sandbox.Arm.VirtualMachines.Count == 0 && sandbox.GitHub.GetRunners().Count == 0, Within, "no VM or registration is left");

        Assert.Equal("failure", failed.Conclusion);
        Assert.Equal("success", done.Conclusion);
        Assert.Single(sandbox.GitHub.GetJobs(), j => j.RunId == job.RunId && j.Id != job.Id);
    }

    [Fact]
    public async Task EvictedDuringItsJob_FirstRerunRequestFails_JobIsStillRerunOnce()
    {
        await using var sandbox = await Sandbox.Sandbox.StartAsync(new SandboxOptions { LinuxMinIdle = 0 }, CancellationToken.None);
        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromSeconds(8) });
        var running = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "in_progress", Within, "the job starts");
        var capacity = sandbox.Serve.Services.GetRequiredService<ICapacity>();
        await Eventually.TrueAsync(async () => (await capacity.GetRunnerAsync("linux-x64", running.RunnerName!, CancellationToken.None))?.State is RunnerState.Created or RunnerState.Busy, Within, "Scaler has recorded the VM");
        var rerunEndpoint = new GitHubEndpoint("POST", "/repos/{owner}/{repo}/actions/jobs/{job_id}/rerun");
        sandbox.GitHub.Faults.Inject(rerunEndpoint, FaultRule.Error(502) with { Count = 1 });

        await sandbox.Arm.EvictAsync(running.RunnerName!, CancellationToken.None);

        // The failed request's message comes back after the queue's visibility timeout: allow for it besides the rest.
        var rerun = await Eventually.ValueAsync(() => sandbox.GitHub.GetJobs().FirstOrDefault(j => j.RunId == job.RunId && j.Id != job.Id), j => j is not null, Within + new SandboxOptions().QueueVisibilityTimeout, "GitHub re-runs it");
        await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(rerun!.Id)!, j => j.Status == "completed", TimeSpan.FromSeconds(90), "the re-run completes");

        Assert.Equal(1, sandbox.GitHub.Counters.InjectedErrors(rerunEndpoint));
        Assert.Single(sandbox.GitHub.GetJobs(), j => j.RunId == job.RunId && j.Id != job.Id);
    }
}
