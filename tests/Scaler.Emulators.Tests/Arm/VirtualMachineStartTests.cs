using Azure;
using Azure.ResourceManager.Compute;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.Arm.Timing;

namespace Scaler.Emulators.Tests.Arm;

/// <summary><c>POST .../start</c> through the real ArmClient: starting for the start time, then running; its refusals and failures.</summary>
public sealed class VirtualMachineStartTests
{
    private static readonly TimeSpan StartTime = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Start_DeallocatedVm_StartingAndUpdatingForTheStartTimeThenRunning()
    {
        await using var host = await ArmTestHost.StartAsync(startDelay: StartTime);
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeallocateAsync(WaitUntil.Completed);

        var start = await vm.PowerOnAsync(WaitUntil.Started);
        var during = await StatusesAsync(vm);
        var provisioningDuring = (await vm.GetAsync()).Value.Data.ProvisioningState;
        host.Time.Advance(StartTime);
        await start.WaitForCompletionResponseAsync(TimeSpan.FromMilliseconds(5));
        var after = await StatusesAsync(vm);

        Assert.Equal(["ProvisioningState/updating", "PowerState/starting"], during);
        Assert.Equal("Updating", provisioningDuring);
        Assert.Equal(["ProvisioningState/succeeded", "PowerState/running"], after);
        Assert.Equal(VmState.Running, host.Emulator.FindVirtualMachine("runner-1")!.State);
        Assert.Equal(1, host.Emulator.Counters.VmsStarted);
        Assert.Equal(1, host.Emulator.Counters.Calls(ArmOperationKind.StartVirtualMachine));
    }

    [Fact]
    public async Task Start_Accepted_Answers202WithAsyncOperationAndLocation()
    {
        await using var host = await ArmTestHost.StartAsync(startDelay: StartTime);
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeallocateAsync(WaitUntil.Completed);

        var response = (await vm.PowerOnAsync(WaitUntil.Started)).GetRawResponse();

        Assert.Equal(202, response.Status);
        Assert.True(response.Headers.Contains("Azure-AsyncOperation"));
        Assert.True(response.Headers.Contains("Location"));
    }

    [Fact]
    public async Task Start_RunningVm_Answers200AndNothingChanges()
    {
        await using var host = await ArmTestHost.StartAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;

        var start = await vm.PowerOnAsync(WaitUntil.Started);
        await start.WaitForCompletionResponseAsync(TimeSpan.FromMilliseconds(5));

        Assert.Equal(200, start.GetRawResponse().Status);
        Assert.Equal(["ProvisioningState/succeeded", "PowerState/running"], await StatusesAsync(vm));
        Assert.Equal(0, host.Emulator.Counters.VmsStarted);
        Assert.Empty(host.Emulator.History.PowerEvents);
    }

    [Fact]
    public async Task Start_WhileCreating_Throws409OperationNotAllowed()
    {
        await using var host = await ArmTestHost.StartAsync(provisioningDelay: TimeSpan.FromSeconds(45));
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm());
        VirtualMachineResource vm = await host.VirtualMachines.GetAsync("runner-1");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => vm.PowerOnAsync(WaitUntil.Started));

        Assert.Equal((409, "OperationNotAllowed"), (error.Status, error.ErrorCode));
        Assert.Equal(VmState.Creating, host.Emulator.FindVirtualMachine("runner-1")!.State);
    }

    [Fact]
    public async Task Start_WhileDeleting_Throws409OperationNotAllowed()
    {
        await using var host = await ArmTestHost.StartAsync(deletionDelay: TimeSpan.FromSeconds(30));
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeallocateAsync(WaitUntil.Completed);
        await vm.DeleteAsync(WaitUntil.Started, forceDeletion: true);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => vm.PowerOnAsync(WaitUntil.Started));

        Assert.Equal((409, "OperationNotAllowed"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task Start_AbsentVm_Throws404ResourceNotFound()
    {
        await using var host = await ArmTestHost.StartAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeleteAsync(WaitUntil.Completed, forceDeletion: true);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => vm.PowerOnAsync(WaitUntil.Started));

        Assert.Equal((404, "ResourceNotFound"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task Start_FailStartsOnce_OperationFailsWithAllocationFailedAndVmStaysDeallocatedThenTheNextStartRuns()
    {
        await using var host = await ArmTestHost.StartAsync(startDelay: StartTime);
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeallocateAsync(WaitUntil.Completed);
        host.Emulator.Faults.FailStarts(1);

        var failing = await vm.PowerOnAsync(WaitUntil.Started);
        host.Time.Advance(StartTime);
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => failing.WaitForCompletionResponseAsync(TimeSpan.FromMilliseconds(5)).AsTask());
        var view = (await vm.InstanceViewAsync()).Value;
        var provisioning = (await vm.GetAsync()).Value.Data.ProvisioningState;
        var again = await vm.PowerOnAsync(WaitUntil.Started);
        host.Time.Advance(StartTime);
        await again.WaitForCompletionResponseAsync(TimeSpan.FromMilliseconds(5));

        Assert.Contains("AllocationFailed", error.Message, StringComparison.Ordinal);
        Assert.Equal("Failed", provisioning);
        var failed = Assert.Single(view.Statuses, s => s.Code.StartsWith("ProvisioningState/", StringComparison.Ordinal));
        Assert.Equal("ProvisioningState/failed/AllocationFailed", failed.Code);
        Assert.Contains("Allocation failed", failed.Message, StringComparison.Ordinal);
        Assert.Contains(view.Statuses, s => s.Code == "PowerState/deallocated");
        Assert.Equal(VmState.Running, host.Emulator.FindVirtualMachine("runner-1")!.State);
        Assert.Equal(0, host.Emulator.Faults.PendingStartFailures);
        Assert.Equal([VmPowerEventKind.Deallocated, VmPowerEventKind.StartFailed, VmPowerEventKind.Started], host.Emulator.History.PowerEvents.Select(e => e.Kind));
    }

    [Fact]
    public async Task Deallocate_WhileStarting_Throws409OperationNotAllowed()
    {
        await using var host = await ArmTestHost.StartAsync(startDelay: StartTime);
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeallocateAsync(WaitUntil.Completed);
        await vm.PowerOnAsync(WaitUntil.Started);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => vm.DeallocateAsync(WaitUntil.Started));

        Assert.Equal((409, "OperationNotAllowed"), (error.Status, error.ErrorCode));
        Assert.Equal(VmState.Starting, host.Emulator.FindVirtualMachine("runner-1")!.State);
    }

    [Fact]
    public async Task Start_AzureProfile_StartingForADrawWithinTheStartSpread()
    {
        var profile = ArmTimingProfile.Fixed("quick", TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.Zero) with { StartDeallocated = ArmTimingProfile.Azure.StartDeallocated };
        await using var host = await ArmTestHost.StartAsync(timing: profile);
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeallocateAsync(WaitUntil.Completed);

        await vm.PowerOnAsync(WaitUntil.Started);
        host.Time.Advance(profile.StartDeallocated.Shortest - TimeSpan.FromMilliseconds(1));
        var early = host.Emulator.FindVirtualMachine("runner-1")!.State;
        host.Time.Advance(profile.StartDeallocated.Longest - profile.StartDeallocated.Shortest + TimeSpan.FromMilliseconds(1));

        Assert.Equal(VmState.Starting, early);
        Assert.Equal(VmState.Running, host.Emulator.FindVirtualMachine("runner-1")!.State);
    }

    [Fact]
    public async Task Evict_DeallocatedSpotVm_DeletedAtOnceWithoutNoticeOrShutdown()
    {
        var profile = ArmTimingProfile.Fixed("notice", TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.Zero) with { EvictionNotice = TimeSpan.FromSeconds(30) };
        await using var host = await ArmTestHost.StartAsync(timing: profile);
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeallocateAsync(WaitUntil.Completed);

        await host.Emulator.EvictAsync("runner-1", CancellationToken.None);

        Assert.Null(host.Emulator.FindVirtualMachine("runner-1"));
        Assert.Equal(1, host.Emulator.Counters.VmsEvicted);
        Assert.Equal(VmEventKind.Evicted, host.Emulator.History.Events[^1].Kind);
        Assert.False(host.Agent.WasShutDown("runner-1"));
    }

    private static async Task<string[]> StatusesAsync(VirtualMachineResource vm) =>
        [.. (await vm.InstanceViewAsync()).Value.Statuses.Select(s => s.Code)];
}
