using Azure;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Recording;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>The emulator records each kind of operation it serves: method, resource type, action and scope.</summary>
public sealed class ServedOperationsTests
{
    private const string Group = $"/subscriptions/{ArmTestHost.SubscriptionId}/resourceGroups/{ArmTestHost.ResourceGroupName}";

    [Fact]
    public async Task CreateTagDeallocateListAndDelete_AreRecordedWithTheirVerbsAndScopes()
    {
        await using var host = await ArmTestHost.StartAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm())).Value;
        await vm.DeallocateAsync(WaitUntil.Completed);
        var patch = new VirtualMachinePatch();
        patch.Tags["scaler-kept"] = "now";
        await vm.UpdateAsync(WaitUntil.Completed, patch);
        await foreach (var _ in host.VirtualMachines.GetAllAsync())
        {
        }

        await vm.DeleteAsync(WaitUntil.Completed, forceDeletion: true);

        var served = host.Emulator.ServedOperations.Served.Select(o => o.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                $"DELETE Microsoft.Compute/virtualMachines at {Group}",
                $"GET Microsoft.Compute/virtualMachines (list) at {Group}",
                $"GET Microsoft.Compute/virtualMachines at {Group}", // the SDK reads the VM when a long-running operation ends
                $"PATCH Microsoft.Compute/virtualMachines at {Group}",
                $"POST Microsoft.Compute/virtualMachines/deallocate at {Group}",
                $"PUT Microsoft.Compute/virtualMachines at {Group}",
            }.Order(StringComparer.Ordinal),
            served.Where(s => !s.Contains("/locations/operations", StringComparison.Ordinal)));
        Assert.Contains(host.Emulator.ServedOperations.Served, o => o.Kind == ArmOperationKind.GetOperationStatus && o.Scope == $"/subscriptions/{ArmTestHost.SubscriptionId}");
    }

    [Fact]
    public async Task WhenServed_CompletesOnceEveryKindWasServed()
    {
        await using var host = await ArmTestHost.StartAsync();
        var waiting = host.Emulator.ServedOperations.WhenServedAsync([ArmOperationKind.CreateOrUpdateVirtualMachine, ArmOperationKind.GetScaleSet], CancellationToken.None);

        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm());
        var missing = host.Emulator.ServedOperations.Missing([ArmOperationKind.CreateOrUpdateVirtualMachine, ArmOperationKind.GetScaleSet]);
        Assert.False(waiting.IsCompleted);
        Assert.Equal([ArmOperationKind.GetScaleSet], missing);
        await host.Client.GetVirtualMachineScaleSetResource(host.ScaleSetId).GetAsync();

        await waiting;
        Assert.Equal(1, host.Emulator.ServedOperations.Count(ServedArmOperation.For(ArmOperationKind.GetScaleSet, ArmTestHost.SubscriptionId, ArmTestHost.ResourceGroupName)));
    }
}
