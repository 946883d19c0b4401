using Microsoft.Azure.Functions.Worker;
using Scaler.Cli.Sandbox;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Common;
using Scaler.Functions.Reconciliation;

namespace Scaler.Functions.Tests.Reconciliation;

/// <summary><see cref="Reconcile"/> made by the app's services and called as its timer would call it.</summary>
public sealed class ReconcileTests : IAsyncLifetime
{
    private EmulatedWorld world = null!;

    public async Task InitializeAsync() =>
        world = await EmulatedWorld.StartAsync(new SandboxOptions { LinuxMinIdle = 1 }, CancellationToken.None);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task RunAsync_PoolBelowMinIdle_CreatesAWarmVm()
    {
        await world.Function<Reconcile>().RunAsync(new TimerInfo(), CancellationToken.None);

        var vm = Assert.Single(world.Arm.VirtualMachines);
        Assert.StartsWith("linux-x64-w", vm.Name, StringComparison.Ordinal);
        Assert.Equal(vm.Name, Assert.Single(world.GitHub.GetRunners()).Name);
    }

    [Fact]
    public async Task RunAsync_AzureFailsToList_LogsThePoolAndReturns_AndTheNextRunCatchesUp()
    {
        world.Arm.Faults.Inject(ArmOperationKind.ListVirtualMachines, FaultRule.Error(503));

        await world.Function<Reconcile>().RunAsync(new TimerInfo(), CancellationToken.None);

        Assert.Empty(world.Arm.VirtualMachines);
        Assert.Contains(world.Logs.GetSnapshot(), r => r.Id.Name == "ReconcilePoolFailed" && r.Message.Contains("linux-x64", StringComparison.Ordinal));
        world.Arm.Faults.ClearAll();
        await world.Function<Reconcile>().RunAsync(new TimerInfo(), CancellationToken.None);
        Assert.StartsWith("linux-x64-w", Assert.Single(world.Arm.VirtualMachines).Name, StringComparison.Ordinal);
    }
}
