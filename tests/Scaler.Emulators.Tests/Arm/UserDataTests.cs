using Azure;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Scaler.Emulators.Arm.Compute;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>A VM's <c>userData</c> through the real ArmClient: set on create, hidden unless expanded, changed by PATCH.</summary>
public sealed class UserDataTests
{
    private static readonly string Encoded = CloudInitSamples.Base64(CloudInitSamples.JitConfig);

    [Fact]
    public async Task Get_UserDataSetOnCreate_ReturnedOnlyWithExpandUserData()
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm();
        data.UserData = Encoded;

        VirtualMachineResource created = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data)).Value;
        VirtualMachineResource plain = await host.VirtualMachines.GetAsync("runner-1");
        VirtualMachineResource expanded = await host.VirtualMachines.GetAsync("runner-1", InstanceViewType.UserData);

        Assert.Null(created.Data.UserData);
        Assert.Null(plain.Data.UserData);
        Assert.Equal(Encoded, expanded.Data.UserData);
        Assert.Equal(Encoded, host.Emulator.FindVirtualMachine("runner-1")!.UserData);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData(null)]
    public async Task Put_UserDataNotBase64OrOver64K_Throws400InvalidParameter(string? userData)
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm();
        data.UserData = userData ?? new string('A', 65540);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data));

        Assert.Equal((400, "InvalidParameter"), (error.Status, error.ErrorCode));
        Assert.Contains("userData", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Emulator.VirtualMachines);
    }

    [Fact]
    public async Task Put_UserDataOfExactly64K_Accepted()
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm();
        data.UserData = new string('A', 65536);

        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data);

        Assert.Equal(65536, host.Emulator.FindVirtualMachine("runner-1")!.UserData!.Length);
    }

    [Fact]
    public async Task Patch_UserDataOnDeallocatedVm_SetThenClearedByEmpty()
    {
        await using var host = await ArmTestHost.StartAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeallocateAsync(WaitUntil.Completed);

        await vm.UpdateAsync(WaitUntil.Completed, new VirtualMachinePatch { UserData = Encoded });
        var set = (await vm.GetAsync(InstanceViewType.UserData)).Value.Data.UserData;
        await vm.UpdateAsync(WaitUntil.Completed, new VirtualMachinePatch { UserData = "" });
        var cleared = (await vm.GetAsync(InstanceViewType.UserData)).Value.Data.UserData;

        Assert.Equal(Encoded, set);
        Assert.Null(cleared);
        Assert.Null(host.Emulator.FindVirtualMachine("runner-1")!.UserData);
        Assert.Equal(VmState.Deallocated, host.Emulator.FindVirtualMachine("runner-1")!.State);
    }

    [Fact]
    public async Task Patch_UserDataNotBase64_Throws400AndKeepsTheOldUserData()
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm();
        data.UserData = Encoded;
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data)).Value;

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => vm.UpdateAsync(WaitUntil.Completed, new VirtualMachinePatch { UserData = "%%%" }));

        Assert.Equal((400, "InvalidParameter"), (error.Status, error.ErrorCode));
        Assert.Equal(Encoded, host.Emulator.FindVirtualMachine("runner-1")!.UserData);
    }
}
