using Azure;
using Azure.ResourceManager.Resources;

namespace Scaler.Emulators.Tests.Arm;

public sealed class ResourceReadTests
{
    [Fact]
    public async Task GetDefaultSubscription_SeededScaleSet_ReturnsSubscription()
    {
        await using var host = await ArmTestHost.StartAsync();

        SubscriptionResource subscription = await host.Client.GetDefaultSubscriptionAsync();

        Assert.Equal(ArmTestHost.SubscriptionId, subscription.Data.SubscriptionId);
    }

    [Fact]
    public async Task GetResourceGroup_SeededByScaleSet_ReturnsItsLocation()
    {
        await using var host = await ArmTestHost.StartAsync();
        SubscriptionResource subscription = await host.Client.GetDefaultSubscriptionAsync();

        ResourceGroupResource group = await subscription.GetResourceGroupAsync(ArmTestHost.ResourceGroupName);

        Assert.Equal(ArmTestHost.Location, group.Data.Location.Name);
    }

    [Fact]
    public async Task GetResourceGroup_Unknown_Throws404ResourceGroupNotFound()
    {
        await using var host = await ArmTestHost.StartAsync();
        SubscriptionResource subscription = await host.Client.GetDefaultSubscriptionAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => subscription.GetResourceGroupAsync("rg-missing"));

        Assert.Equal(404, error.Status);
        Assert.Equal("ResourceGroupNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task InstanceView_RunningVm_ReportsProvisioningAndPowerState()
    {
        await using var host = await ArmTestHost.StartAsync();
        var created = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());

        var view = await created.Value.InstanceViewAsync();

        Assert.Equal(["ProvisioningState/succeeded", "PowerState/running"], view.Value.Statuses.Select(s => s.Code));
    }

    [Fact]
    public async Task InstanceView_EvictedSpotVmWithDeallocatePolicy_ReportsDeallocated()
    {
        await using var host = await ArmTestHost.StartAsync();
        var data = host.NewVm();
        data.EvictionPolicy = Azure.ResourceManager.Compute.Models.VirtualMachineEvictionPolicyType.Deallocate;
        var created = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", data);

        await host.Emulator.EvictAsync("runner-1", CancellationToken.None);
        var view = await created.Value.InstanceViewAsync();

        Assert.Contains(view.Value.Statuses, s => s.Code == "PowerState/deallocated");
        Assert.Equal(1, host.Emulator.Counters.VmsEvicted);
    }
}
