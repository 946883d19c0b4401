using Azure;
using Azure.Core;
using Azure.ResourceManager.Compute.Models;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;

namespace Scaler.Emulators.Tests.Arm;

public sealed class VirtualMachineCreateTests
{
    [Fact]
    public async Task CreateOrUpdate_WaitUntilCompleted_ReturnsSucceededVmInScaleSet()
    {
        await using var host = await ArmTestHost.StartAsync();

        var operation = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm("#cloud-config\nruncmd: [echo hi]\n"));

        var data = operation.Value.Data;
        Assert.Equal("Succeeded", data.ProvisioningState);
        Assert.Equal(host.ScaleSetId, data.VirtualMachineScaleSetId);
        Assert.Equal(VirtualMachinePriorityType.Spot, data.Priority);
        Assert.Null(data.OSProfile.CustomData);
        var vm = Assert.Single(host.Emulator.VirtualMachines);
        Assert.Equal("runner-1", vm.Name);
        Assert.Equal("Standard_D2s_v5", vm.VmSize);
        Assert.Equal("Spot", vm.Priority);
        Assert.Equal("Delete", vm.EvictionPolicy);
        Assert.Equal(-1, vm.MaxPrice);
        Assert.Equal("linux-x64", vm.Tags["pool"]);
        Assert.Equal("#cloud-config\nruncmd: [echo hi]\n", vm.CustomData);
        Assert.False(vm.RequestedPublicIp);
        Assert.Equal(VmState.Running, vm.State);
        Assert.Equal(1, host.Emulator.Counters.VmsCreated);
        Assert.True(host.Emulator.Counters.Calls(ArmOperationKind.GetOperationStatus) >= 1);
    }

    [Fact]
    public async Task CreateOrUpdate_ProvisioningDelay_ReportsInProgressUntilClockAdvances()
    {
        await using var host = await ArmTestHost.StartAsync(provisioningDelay: TimeSpan.FromMinutes(1));
        var firstPoll = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Emulator.OperationPolled += (_, status) => firstPoll.TrySetResult(status);

        var operation = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm());
        await operation.UpdateStatusAsync();
        Assert.Equal("InProgress", await firstPoll.Task);
        Assert.False(operation.HasCompleted);
        Assert.Equal(VmState.Creating, host.Emulator.FindVirtualMachine("runner-1")!.State);

        host.Time.Advance(TimeSpan.FromMinutes(1));
        var completed = await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None);

        Assert.Equal("Succeeded", completed.Value.Data.ProvisioningState);
        Assert.Equal(VmState.Running, host.Emulator.FindVirtualMachine("runner-1")!.State);
    }

    [Fact]
    public async Task CreateOrUpdate_SameNameTwice_ReturnsExistingVm()
    {
        await using var host = await ArmTestHost.StartAsync();
        var first = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());

        var second = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(size: "Standard_D4s_v5"));

        Assert.Equal(first.Value.Data.VmId, second.Value.Data.VmId);
        Assert.Equal(1, host.Emulator.Counters.VmsCreated);
        Assert.Equal("Standard_D2s_v5", host.Emulator.FindVirtualMachine("runner-1")!.VmSize);
    }

    [Fact]
    public async Task CreateOrUpdate_UnknownScaleSet_Throws404ResourceNotFound()
    {
        await using var host = await ArmTestHost.StartAsync();
        var missing = new ResourceIdentifier(ArmTestHost.ScaleSetResourceId("vmss-missing"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(scaleSetId: missing)));

        Assert.Equal(404, error.Status);
        Assert.Equal("ResourceNotFound", error.ErrorCode);
        Assert.Empty(host.Emulator.VirtualMachines);
    }

    [Fact]
    public async Task CreateOrUpdate_UniformScaleSet_Throws400OperationNotAllowed()
    {
        await using var host = await ArmTestHost.StartAsync();
        var uniform = host.Emulator.AddScaleSet(ArmTestHost.ScaleSetResourceId("vmss-uniform"), ArmTestHost.Location, ScaleSetOrchestrationMode.Uniform);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(scaleSetId: new ResourceIdentifier(uniform.ResourceId))));

        Assert.Equal(400, error.Status);
        Assert.Equal("OperationNotAllowed", error.ErrorCode);
    }

    [Theory]
    [InlineData("-runner")]
    [InlineData("runner-")]
    [InlineData("run_ner")]
    [InlineData("runner.one")]
    [InlineData("r12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task CreateOrUpdate_IllegalName_Throws400InvalidResourceName(string name)
    {
        await using var host = await ArmTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, name, host.NewVm()));

        Assert.Equal(400, error.Status);
        Assert.Equal("InvalidResourceName", error.ErrorCode);
    }

    [Fact]
    public async Task CreateOrUpdate_OversizeCustomData_Throws400InvalidParameter()
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm("#cloud-config\n# " + new string('x', 50_000) + "\n");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data));

        Assert.Equal(400, error.Status);
        Assert.Equal("InvalidParameter", error.ErrorCode);
        Assert.Contains("customData", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOrUpdate_SpotWithoutEvictionPolicy_Throws400InvalidParameter()
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm();
        data.EvictionPolicy = null;

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data));

        Assert.Equal("InvalidParameter", error.ErrorCode);
    }

    [Fact]
    public async Task CreateOrUpdate_PublicIpConfiguration_IsAcceptedAndRecorded()
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm();
        data.NetworkProfile.NetworkInterfaceConfigurations[0].IPConfigurations[0].PublicIPAddressConfiguration =
            new VirtualMachinePublicIPAddressConfiguration("pip");

        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data);

        Assert.True(host.Emulator.FindVirtualMachine("runner-1")!.RequestedPublicIp);
        Assert.Equal(1, host.Emulator.Counters.Calls(ArmOperationKind.CreateOrUpdateVirtualMachine));
    }
}
