using System.Text;
using Scaler.Cli.Sandbox;
using Scaler.Core.Failures;
using Scaler.Core.Jobs;
using Scaler.Core.State;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Jobs;
using Scaler.Functions.Jobs;

namespace Scaler.Functions.Tests.Jobs;

/// <summary><see cref="ProcessJobEvent"/> made by the app's services and called with a queue message's body.</summary>
public sealed class ProcessJobEventTests : IAsyncLifetime
{
    private EmulatedWorld world = null!;

    public async Task InitializeAsync() =>
        world = await EmulatedWorld.StartAsync(new SandboxOptions { LinuxMinIdle = 0, ProvisioningDelay = TimeSpan.Zero }, CancellationToken.None);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task RunAsync_QueuedMessage_CreatesTheJobsVmInItsScaleSet()
    {
        var job = world.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromMinutes(10) });

        await world.Function<ProcessJobEvent>().RunAsync(QueuedMessages.For(job), CancellationToken.None);

        var vm = Assert.Single(world.Arm.VirtualMachines);
        Assert.Equal(($"linux-x64-{job.Id}", Sandbox.ScaleSetId("linux-x64")), (vm.Name, vm.ScaleSetId));
        Assert.Equal($"linux-x64-{job.Id}", Assert.Single(world.GitHub.GetRunners()).Name);
    }

    [Fact]
    public async Task RunAsync_AzureAnswers503_ThrowsTransientSoTheQueueRetries_AndTheRetryCreatesTheVm()
    {
        var job = world.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromMinutes(10) });
        var body = QueuedMessages.For(job);
        world.Arm.Faults.Inject(ArmOperationKind.CreateOrUpdateVirtualMachine, FaultRule.Error(503));

        var error = await Assert.ThrowsAsync<AdapterException>(() => world.Function<ProcessJobEvent>().RunAsync(body, CancellationToken.None));

        Assert.Equal((AdapterName.Compute, true), (error.Adapter, error.IsTransient));
        Assert.Empty(world.Arm.VirtualMachines);
        world.Arm.Faults.ClearAll();
        await world.Function<ProcessJobEvent>().RunAsync(body, CancellationToken.None);
        Assert.Equal($"linux-x64-{job.Id}", Assert.Single(world.Arm.VirtualMachines).Name);
    }

    [Fact]
    public async Task RunAsync_CreateStartedMessage_ReadsTheStartedCreateAndMarksTheVmCreated()
    {
        var job = world.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromMinutes(10) });
        await world.Function<ProcessJobEvent>().RunAsync(QueuedMessages.For(job), CancellationToken.None);
        var vmName = $"linux-x64-{job.Id}";
        var capacity = world.Service<ICapacity>();
        var started = await capacity.GetRunnerAsync("linux-x64", vmName, CancellationToken.None);
        var record = await world.Service<IJobStore>().GetAsync("linux-x64", job.Id, CancellationToken.None);
        var watch = Encoding.UTF8.GetString(JobMessages.ForCreateWatch(record!, vmName, DateTimeOffset.UtcNow).ToJson());

        await world.Function<ProcessJobEvent>().RunAsync(watch, CancellationToken.None);

        Assert.Equal((RunnerState.Provisioning, 0, true), (started?.State, started?.CreateSizeIndex, started?.CreateSpot));
        Assert.Equal(RunnerState.Created, (await capacity.GetRunnerAsync("linux-x64", vmName, CancellationToken.None))?.State);
        Assert.Equal(JobState.Provisioned, (await world.Service<IJobStore>().GetAsync("linux-x64", job.Id, CancellationToken.None))?.State);
    }
}
