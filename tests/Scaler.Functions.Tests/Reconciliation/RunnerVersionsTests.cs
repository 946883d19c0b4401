using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Scaler.Cli.Sandbox;
using Scaler.Emulators.GitHub.Jobs;
using Scaler.Functions.Jobs;
using Scaler.Functions.Reconciliation;
using Scaler.Functions.Tests.Jobs;

namespace Scaler.Functions.Tests.Reconciliation;

/// <summary><see cref="RunnerVersions"/> made by the app's services and called as its timer would call it.</summary>
public sealed class RunnerVersionsTests : IAsyncLifetime
{
    private EmulatedWorld world = null!;

    public async Task InitializeAsync() =>
        world = await EmulatedWorld.StartAsync(new SandboxOptions { LinuxMinIdle = 0 }, CancellationToken.None);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task RunAsync_RunnerWhoseNewerReleaseCameOut25DaysAgo_WarnsOfItsDeadline()
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = world.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromMinutes(10) });
        world.GitHub.JobChanged += (changed, action) =>
        {
            if (changed.Id == job.Id && action == "in_progress")
            {
                running.TrySetResult();
            }
        };
        await world.Function<ProcessJobEvent>().RunAsync(QueuedMessages.For(job), CancellationToken.None);
        await running.Task.WaitAsync(TimeSpan.FromSeconds(60));
        world.GitHub.PublishRelease("2.331.0", DateTimeOffset.UtcNow.AddDays(-25));

        await world.Function<RunnerVersions>().RunAsync(new TimerInfo(), CancellationToken.None);

        var warning = Assert.Single(world.Logs.GetSnapshot(), r => r.Id.Name == "RunnerVersionDeadlineNear");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"Pool linux-x64: 1 runners on {Sandbox.RunnerVersion}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("2.331.0", warning.Message, StringComparison.Ordinal);
    }
}
