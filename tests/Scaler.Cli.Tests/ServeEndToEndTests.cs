using Microsoft.Extensions.DependencyInjection;
using Scaler.Cli.Sandbox;
using Scaler.Core.State;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Tests;

/// <summary>
/// The whole loop: GitHub emulator -> signed webhook -> serve -> Azurite queue -> VM -> runner -> job -> VM deleted.
/// The reconcile timer is set far beyond the tests' length, so what these tests see is done by the webhook events'
/// handlers alone, never by a reconcile cleaning up after them.
/// </summary>
public sealed class ServeEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private Sandbox.Sandbox sandbox = null!;

    public async Task InitializeAsync() =>
        sandbox = await Sandbox.Sandbox.StartAsync(new SandboxOptions { LinuxMinIdle = 0, ReconcilePeriod = TimeSpan.FromDays(1) }, CancellationToken.None);

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    [Fact]
    public async Task QueuedJob_RunsOnItsOwnVm_ThenTheCompletedEventDeletesTheVmAndReleasesCapacity()
    {
        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromSeconds(1) });

        var done = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "completed", Within, "the job completes");
        await Eventually.TrueAsync(() => sandbox.Arm.VirtualMachines.Count == 0, Within, "its VM is deleted");
        var capacity = sandbox.Serve.Services.GetRequiredService<ICapacity>();
        await Eventually.TrueAsync(async () => await capacity.CountAsync("linux-x64", CancellationToken.None) == 0, Within, "its capacity is released");

        Assert.Equal("success", done.Conclusion);
        Assert.Equal($"linux-x64-{job.Id}", done.RunnerName);
        Assert.Equal(1, sandbox.Arm.Counters.VmsCreated);
        Assert.All(sandbox.GitHub.GetDeliveries(), d => Assert.Equal("OK", d.Status));
        Assert.Empty(sandbox.GitHub.GetRunners());
        Assert.Equal(0, sandbox.ReconcileRuns);
    }

    [Fact]
    public async Task GpuJob_GoesToTheGpuPoolOnRegularVms()
    {
        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/ml", ["self-hosted", "linux", "gpu"]) { Duration = TimeSpan.FromSeconds(1) });

        var vm = await Eventually.ValueAsync(() => sandbox.Arm.VirtualMachines.Count > 0 ? sandbox.Arm.VirtualMachines[0] : null, v => v is not null, Within, "a VM is created");
        await Eventually.TrueAsync(() => sandbox.GitHub.GetJob(job.Id)!.Status == "completed", Within, "the job completes");

        Assert.Equal($"gpu-{job.Id}", vm!.Name);
        Assert.NotEqual("Spot", vm.Priority);
        Assert.Equal("Standard_NC4as_T4_v3", vm.VmSize);
    }
}
