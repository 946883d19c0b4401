using Scaler.Cli.Sandbox;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Tests;

/// <summary>
/// GitHub gives no job to a runner more than 30 days behind the newest release, and Scaler's runners never
/// update themselves: Scaler rolls its idle runners to the new release instead.
/// </summary>
public sealed class RunnerUpdateEndToEndTests
{
    private const string NewVersion = "2.331.0";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task NewReleaseADayBeforeTheDeadline_WarmRunnersAreRolledToIt_AndJobsRunOnIt()
    {
        await using var sandbox = await StartWithWarmRunnersAsync();
        var old = sandbox.GitHub.GetRunners().Select(r => r.Name).ToHashSet();

        sandbox.GitHub.PublishRelease(NewVersion, DateTimeOffset.UtcNow.AddDays(-29));
        await Eventually.TrueAsync(() => WarmOnline(sandbox).All(r => r.Version == NewVersion) && WarmOnline(sandbox).Count == 2, Within, "both warm runners are on the new release");
        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux"]) { Duration = TimeSpan.FromSeconds(1) });
        var done = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "completed", Within, "the job completes");

        Assert.Equal("success", done.Conclusion);
        Assert.False(old.Contains(done.RunnerName!), $"the job ran on {done.RunnerName}, a runner of the old release");
        Assert.DoesNotContain(sandbox.GitHub.GetRunners(), r => r.Version == Sandbox.Sandbox.RunnerVersion);
    }

    [Fact]
    public async Task DeadlinePassed_OldRunnersGetNoJobs_TheJobRunsOnTheNewRelease_AndTheOldRunnersGo()
    {
        await using var sandbox = await StartWithWarmRunnersAsync();
        var old = sandbox.GitHub.GetRunners().Select(r => r.Name).ToHashSet();

        sandbox.GitHub.PublishRelease(NewVersion, DateTimeOffset.UtcNow.AddDays(-31));
        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux"]) { Duration = TimeSpan.FromSeconds(1) });
        var done = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "completed", Within, "the job completes");
        await Eventually.TrueAsync(() => !sandbox.GitHub.GetRunners().Any(r => old.Contains(r.Name)), Within, "the outdated runners are removed");

        Assert.Equal("success", done.Conclusion);
        Assert.False(old.Contains(done.RunnerName!), $"the job ran on {done.RunnerName}, a runner of the old release");
        Assert.DoesNotContain(sandbox.Arm.VirtualMachines, v => old.Contains(v.Name));
    }

    private static async Task<Sandbox.Sandbox> StartWithWarmRunnersAsync()
    {
        var sandbox = await Sandbox.Sandbox.StartAsync(new SandboxOptions { LinuxMinIdle = 2, LinuxMaxRunners = 4, ReconcilePeriod = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        await Eventually.TrueAsync(() => WarmOnline(sandbox).Count == 2, Within, "two warm runners are online");
        Assert.All(WarmOnline(sandbox), r => Assert.Equal(Sandbox.Sandbox.RunnerVersion, r.Version));
        return sandbox;
    }

    private static List<Emulators.GitHub.Runners.RunnerInfo> WarmOnline(Sandbox.Sandbox sandbox) =>
        [.. sandbox.GitHub.GetRunners().Where(r => r.Status == "online" && !r.Busy && r.Name.StartsWith("linux-x64-w", StringComparison.Ordinal))];
}
