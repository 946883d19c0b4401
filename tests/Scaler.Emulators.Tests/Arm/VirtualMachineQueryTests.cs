using Azure;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Scaler.Emulators.Arm.Faults;

namespace Scaler.Emulators.Tests.Arm;

public sealed class VirtualMachineQueryTests
{
    [Fact]
    public async Task Get_AbsentVm_Throws404ResourceNotFound()
    {
        await using var host = await ArmTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => host.VirtualMachines.GetAsync("runner-missing"));

        Assert.Equal(404, error.Status);
        Assert.Equal("ResourceNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task Get_ExistingVm_ReturnsItsData()
    {
        await using var host = await ArmTestHost.StartAsync();
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());

        VirtualMachineResource vm = await host.VirtualMachines.GetAsync("runner-1");

        Assert.Equal("runner-1", vm.Data.Name);
        Assert.Equal("linux-x64", vm.Data.Tags["pool"]);
        Assert.Equal(host.ScaleSetId, vm.Data.VirtualMachineScaleSetId);
    }

    [Fact]
    public async Task GetAll_ScaleSetFilterOverSeveralPages_ReturnsOnlyThatScaleSetsVms()
    {
        await using var host = await ArmTestHost.StartAsync(listPageSize: 2);
        var other = new ResourceIdentifier(host.Emulator.AddScaleSet(ArmTestHost.ScaleSetResourceId("vmss-other"), ArmTestHost.Location).ResourceId);
        for (var i = 1; i <= 5; i++)
        {
            await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, $"runner-{i}", host.NewVm());
        }

        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "other-1", host.NewVm(scaleSetId: other));

        var names = new List<string>();
        await foreach (var vm in host.VirtualMachines.GetAllAsync(filter: $"'virtualMachineScaleSet/id' eq '{host.ScaleSetId}'"))
        {
            names.Add(vm.Data.Name);
        }

        Assert.Equal(["runner-1", "runner-2", "runner-3", "runner-4", "runner-5"], names);
        Assert.Equal(3, host.Emulator.Counters.Calls(ArmOperationKind.ListVirtualMachines));
    }

    [Fact]
    public async Task Delete_ForceDeletion_RemovesVm()
    {
        await using var host = await ArmTestHost.StartAsync();
        var created = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());

        await created.Value.DeleteAsync(WaitUntil.Completed, forceDeletion: true);

        Assert.False(await host.VirtualMachines.ExistsAsync("runner-1"));
        Assert.Empty(host.Emulator.VirtualMachines);
        Assert.Equal(1, host.Emulator.Counters.VmsDeleted);
    }

    [Fact]
    public async Task Delete_DeletionDelay_ReportsDeletingUntilClockAdvances()
    {
        await using var host = await ArmTestHost.StartAsync(deletionDelay: TimeSpan.FromSeconds(30));
        var created = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());

        var deletion = await created.Value.DeleteAsync(WaitUntil.Started, forceDeletion: true);
        Assert.Equal(202, deletion.GetRawResponse().Status);
        VirtualMachineResource deleting = await host.VirtualMachines.GetAsync("runner-1");
        Assert.Equal("Deleting", deleting.Data.ProvisioningState);

        host.Time.Advance(TimeSpan.FromSeconds(30));
        await deletion.WaitForCompletionResponseAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None);

        Assert.False(await host.VirtualMachines.ExistsAsync("runner-1"));
    }

    [Fact]
    public async Task Delete_AbsentVm_Succeeds()
    {
        await using var host = await ArmTestHost.StartAsync();
        var vm = host.Client.GetVirtualMachineResource(VirtualMachineResource.CreateResourceIdentifier(
            ArmTestHost.SubscriptionId, ArmTestHost.ResourceGroupName, "runner-gone"));

        var operation = await vm.DeleteAsync(WaitUntil.Completed, forceDeletion: true);

        Assert.True(operation.HasCompleted);
        Assert.Equal(204, operation.GetRawResponse().Status);
        Assert.Equal(0, host.Emulator.Counters.VmsDeleted);
    }

    [Fact]
    public async Task GetScaleSet_Flexible_ReportsOrchestrationMode()
    {
        await using var host = await ArmTestHost.StartAsync();

        VirtualMachineScaleSetResource scaleSet = await host.ResourceGroup.GetVirtualMachineScaleSetAsync("vmss-runners");

        Assert.Equal("Flexible", scaleSet.Data.OrchestrationMode?.ToString());
    }
}
