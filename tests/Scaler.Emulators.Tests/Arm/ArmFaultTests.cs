using Azure;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Common;

namespace Scaler.Emulators.Tests.Arm;

public sealed class ArmFaultTests
{
    [Fact]
    public async Task CreateOrUpdate_ThrottledWithRetryAfter_SdkRetriesAndSucceeds()
    {
        await using var host = await ArmTestHost.StartAsync();
        host.Emulator.Faults.Inject(ArmOperationKind.CreateOrUpdateVirtualMachine, FaultRule.Throttle(TimeSpan.Zero) with { Count = 2 });

        var operation = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());

        Assert.Equal("Succeeded", operation.Value.Data.ProvisioningState);
        Assert.Equal(2, host.Emulator.Counters.Throttled(ArmOperationKind.CreateOrUpdateVirtualMachine));
        Assert.Equal(3, host.Emulator.Counters.Calls(ArmOperationKind.CreateOrUpdateVirtualMachine));
    }

    [Fact]
    public async Task CreateOrUpdate_WriteBudgetSpent_Returns429WithRetryAfterUntilRefilled()
    {
        await using var host = await ArmTestHost.StartAsync(writeBurst: 1, maxRetries: 0);
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-2", host.NewVm()));
        Assert.Equal(429, error.Status);
        Assert.True(error.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("1", retryAfter);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        var operation = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-2", host.NewVm());
        Assert.True(operation.GetRawResponse().Headers.TryGetValue("x-ms-ratelimit-remaining-subscription-writes", out var remaining));
        Assert.Equal("0", remaining);
        Assert.Equal(1, host.Emulator.Counters.Throttled(ArmOperationKind.CreateOrUpdateVirtualMachine));
    }

    [Fact]
    public async Task CreateOrUpdate_QuotaExceeded_ThrowsOperationNotAllowed()
    {
        await using var host = await ArmTestHost.StartAsync();
        host.Emulator.Faults.ExceedQuota("Standard_D4s_v5");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(size: "Standard_D4s_v5")));

        Assert.Equal(409, error.Status);
        Assert.Equal("OperationNotAllowed", error.ErrorCode);
        Assert.Contains("exceeding approved standardDSv5Family Cores quota", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Emulator.VirtualMachines);
    }

    [Fact]
    public async Task CreateOrUpdate_SkuUnavailable_ThrowsSkuNotAvailable()
    {
        await using var host = await ArmTestHost.StartAsync();
        host.Emulator.Faults.MakeSkuUnavailable("Standard_D2s_v5");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm()));

        Assert.Equal("SkuNotAvailable", error.ErrorCode);
        Assert.Equal(0, host.Emulator.Counters.VmsCreated);
    }

    [Theory]
    [InlineData("OverconstrainedAllocationRequest")]
    [InlineData("AllocationFailed")]
    public async Task CreateOrUpdate_SpotCapacityUnavailable_OperationFailsWithCodeAndVmIsFailed(string code)
    {
        await using var host = await ArmTestHost.StartAsync();
        host.Emulator.Faults.FailSpotAllocations(1, code);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm()));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(VmState.Failed, host.Emulator.FindVirtualMachine("runner-1")!.State);
        var next = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-2", host.NewVm());
        Assert.Equal("Succeeded", next.Value.Data.ProvisioningState);
    }

    [Theory]
    [InlineData("AllocationFailed")]
    [InlineData("ZonalAllocationFailed")]
    public async Task CreateOrUpdate_SizeAllocationFails_RegularVmOfThatSizeFailsWithCodeAndOtherSizesProvision(string code)
    {
        await using var host = await ArmTestHost.StartAsync();
        host.Emulator.Faults.FailAllocations("Standard_D2s_v5", code);
        var regular = host.NewVm();
        (regular.Priority, regular.EvictionPolicy, regular.BillingMaxPrice) = (VirtualMachinePriorityType.Regular, null, null);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", regular));

        Assert.Equal(code, error.ErrorCode);
        Assert.Contains("Allocation failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(VmState.Failed, host.Emulator.FindVirtualMachine("runner-1")!.State);
        var next = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-2", host.NewVm(size: "Standard_D4s_v5"));
        Assert.Equal("Succeeded", next.Value.Data.ProvisioningState);
    }

    [Fact]
    public async Task Get_ErrorRateOne_SdkGivesUpWith500AfterRetries()
    {
        await using var host = await ArmTestHost.StartAsync(maxRetries: 2);
        host.Emulator.Faults.Inject(ArmOperationKind.GetVirtualMachine, FaultRule.Error());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => host.VirtualMachines.GetAsync("runner-1"));

        Assert.Equal(500, error.Status);
        Assert.Equal(3, host.Emulator.Counters.InjectedErrors(ArmOperationKind.GetVirtualMachine));
    }

    [Fact]
    public async Task Get_AddedLatency_AnswersOnlyAfterClockAdvances()
    {
        await using var host = await ArmTestHost.StartAsync();
        host.Emulator.Faults.Inject(ArmOperationKind.GetScaleSet, FaultRule.Delay(TimeSpan.FromSeconds(5)));

        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Emulator.RequestReceived += operation =>
        {
            if (operation == ArmOperationKind.GetScaleSet)
            {
                received.TrySetResult();
            }
        };

        var pending = host.ResourceGroup.GetVirtualMachineScaleSetAsync("vmss-runners");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(pending.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(5));
        var scaleSet = await pending;

        Assert.Equal("vmss-runners", scaleSet.Value.Data.Name);
    }

    [Fact]
    public void FamilyOf_VmSizes_NamesQuotaFamily()
    {
        Assert.Equal("standardDSv5Family", ArmFaults.FamilyOf("Standard_D4s_v5"));
        Assert.Equal("standardDASv5Family", ArmFaults.FamilyOf("Standard_D2as_v5"));
        Assert.Equal("standardFSv2Family", ArmFaults.FamilyOf("Standard_F8s_v2"));
    }
}
