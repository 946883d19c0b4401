using Azure;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>PATCH (tags) and deallocate through the real ArmClient.</summary>
public sealed class VirtualMachineUpdateTests
{
    [Fact]
    public async Task Patch_Tags_ReplaceTheVmsTagsAndAreReturned()
    {
        await using var host = await ArmTestHost.StartAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        var patch = new VirtualMachinePatch();
        patch.Tags["pool"] = "linux-x64";
        patch.Tags["scaler-kept"] = "2026-01-05T09:00:00.0000000+00:00";

        var updated = await vm.UpdateAsync(WaitUntil.Completed, patch);

        Assert.Equal("linux-x64", updated.Value.Data.Tags["pool"]);
        Assert.Equal("2026-01-05T09:00:00.0000000+00:00", updated.Value.Data.Tags["scaler-kept"]);
        VirtualMachineResource read = await host.VirtualMachines.GetAsync("runner-1");
        Assert.Equal(updated.Value.Data.Tags, read.Data.Tags);
        Assert.Equal("2026-01-05T09:00:00.0000000+00:00", host.Emulator.FindVirtualMachine("runner-1")!.Tags["scaler-kept"]);
        Assert.Equal(1, host.Emulator.Counters.Calls(ArmOperationKind.UpdateVirtualMachine));
    }

    [Fact]
    public async Task Patch_TagsWithoutOneOfTheVms_ThatTagIsRemoved()
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm();
        data.Tags["scaler-job"] = "42";
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data)).Value;
        var patch = new VirtualMachinePatch();
        patch.Tags["pool"] = "linux-x64";

        var updated = await vm.UpdateAsync(WaitUntil.Completed, patch);

        Assert.Equal(["pool"], updated.Value.Data.Tags.Keys);
        Assert.Equal(["pool"], host.Emulator.FindVirtualMachine("runner-1")!.Tags.Keys);
    }

    [Fact]
    public async Task Patch_NoTags_VmKeepsItsTags()
    {
        await using var host = await ArmTestHost.StartAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;

        await vm.UpdateAsync(WaitUntil.Completed, new VirtualMachinePatch { UserData = "" });

        Assert.Equal("linux-x64", host.Emulator.FindVirtualMachine("runner-1")!.Tags["pool"]);
    }

    [Fact]
    public async Task Patch_AbsentVm_Throws404ResourceNotFound()
    {
        await using var host = await ArmTestHost.StartAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeleteAsync(WaitUntil.Completed, forceDeletion: true);
        var patch = new VirtualMachinePatch();
        patch.Tags["scaler-kept"] = "now";

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => vm.UpdateAsync(WaitUntil.Completed, patch));

        Assert.Equal((404, "ResourceNotFound"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task Deallocate_BootedVm_PowerStateDeallocatedAndGuestShutDown()
    {
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.Zero);
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()))).Value;
        Assert.Equal(BootState.Booted, await host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None));

        await vm.DeallocateAsync(WaitUntil.Completed);

        Assert.Equal("runner-1", (await host.Agent.WhenShutDownAsync("runner-1")).Name);
        var view = (await vm.InstanceViewAsync()).Value;
        Assert.Contains(view.Statuses, s => s.Code == "PowerState/deallocated");
        Assert.Contains(view.Statuses, s => s.Code == "ProvisioningState/succeeded");
        Assert.Equal(VmState.Deallocated, host.Emulator.FindVirtualMachine("runner-1")!.State);
        Assert.Equal(1, host.Emulator.Counters.VmsDeallocated);
        Assert.Equal(1, host.Emulator.Counters.Calls(ArmOperationKind.DeallocateVirtualMachine));
    }

    [Fact]
    public async Task Deallocate_BeforeTheGuestBooted_GuestNeverBoots()
    {
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.FromSeconds(30));
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()))).Value;
        var settled = host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None);

        await vm.DeallocateAsync(WaitUntil.Completed);
        host.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(BootState.Skipped, await settled);
        Assert.False(host.Agent.WasBooted("runner-1"));
        Assert.Equal(VmState.Deallocated, host.Emulator.FindVirtualMachine("runner-1")!.State);
    }

    [Fact]
    public async Task Deallocate_AbsentVm_Throws404ResourceNotFound()
    {
        await using var host = await ArmTestHost.StartAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeleteAsync(WaitUntil.Completed, forceDeletion: true);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => vm.DeallocateAsync(WaitUntil.Completed));

        Assert.Equal((404, "ResourceNotFound"), (error.Status, error.ErrorCode));
    }
}
