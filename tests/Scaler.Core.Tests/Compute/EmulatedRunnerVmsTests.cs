using Microsoft.Extensions.Logging.Abstractions;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Emulators.Arm;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Common;

namespace Scaler.Core.Tests.Compute;

/// <summary>
/// <see cref="RunnerVmsContract"/> for <see cref="AzureRunnerVms"/> over the ARM emulator (HTTPS, the real SDK,
/// long-running operations), plus what the emulator recorded of the VMs it was asked for.
/// </summary>
public sealed class EmulatedRunnerVmsTests : RunnerVmsContract, IAsyncLifetime
{
    private ArmEmulator arm = null!;
    private AzureRunnerVms? vms;

    protected override IRunnerVms Vms => vms!;

    public async Task InitializeAsync()
    {
        arm = await ArmEmulator.StartAsync(new ArmEmulatorOptions { ProvisioningDelay = TimeSpan.Zero, BootDelay = TimeSpan.Zero }, CancellationToken.None);
        arm.AddScaleSet(ScaleSetId, "westeurope");
        vms = new AzureRunnerVms(ArmTestClient.Create(arm.BaseUri, arm.CreateTrustingHandler()), NullLogger<AzureRunnerVms>.Instance);
    }

    public async Task DisposeAsync() => await arm.DisposeAsync();

    protected override void FailCreates(CreateFault fault, string size, bool spot)
    {
        switch (fault)
        {
            case CreateFault.Capacity when spot:
                arm.Faults.FailSpotAllocations();
                break;
            case CreateFault.Capacity:
                arm.Faults.FailAllocations(size);
                break;
            case CreateFault.Quota:
                arm.Faults.ExceedQuota(size);
                break;
            default:
                arm.Faults.MakeSkuUnavailable(size);
                break;
        }
    }

    protected override void Throttle(int requests, TimeSpan retryAfter)
    {
        foreach (var operation in new[] { ArmOperationKind.GetVirtualMachine, ArmOperationKind.CreateOrUpdateVirtualMachine, ArmOperationKind.GetScaleSet, ArmOperationKind.ListVirtualMachines })
        {
            arm.Faults.Inject(operation, FaultRule.Throttle(retryAfter) with { Count = requests });
        }
    }

    protected override bool IsDeallocated(string vmName) => arm.FindVirtualMachine(vmName)?.State == VmState.Deallocated;

    [Fact]
    public async Task CreateAsync_SpotRequest_EmulatorRecordsSpotDeleteNoPublicIpSubnetAndCloudInit()
    {
        await Vms.CreateAsync(Request("linux-x64-70", spot: true), CancellationToken.None);

        var vm = Assert.Single(arm.VirtualMachines);
        Assert.Equal(("Spot", "Delete"), (vm.Priority, vm.EvictionPolicy));
        Assert.False(vm.RequestedPublicIp);
        Assert.Equal(CloudInit, vm.CustomData);
        Assert.Equal("linux-x64", vm.Tags["scaler-pool"]);
    }

    [Fact]
    public async Task CreateAsync_QuotaSpentForTheOnlySize_ThrowsQuotaExceededWithAzuresCode()
    {
        arm.Faults.ExceedQuota(SmallSize);

        var error = await Assert.ThrowsAsync<AdapterException>(() => Vms.CreateAsync(Request("linux-x64-71"), CancellationToken.None));

        Assert.Equal((AdapterName.Compute, FailureKind.QuotaExceeded, false), (error.Adapter, error.Kind, error.IsTransient));
        Assert.Contains("OperationNotAllowed", error.Message, StringComparison.Ordinal);
        Assert.Empty(arm.VirtualMachines);
    }

    [Theory]
    [InlineData("AllocationFailed")]
    [InlineData("ZonalAllocationFailed")]
    [InlineData("OverconstrainedAllocationRequest")]
    public async Task CreateAsync_FirstSizeOutOfCapacity_VmCreatedWithTheSecondSize(string code)
    {
        arm.Faults.FailAllocations(SmallSize, code);

        var created = await Vms.CreateAsync(Request("linux-x64-72", spot: false, SmallSize, LargeSize), CancellationToken.None);

        Assert.Equal(new VmCreated("linux-x64-72", LargeSize, false), created);
        var vm = Assert.Single(arm.VirtualMachines);
        Assert.Equal((LargeSize, VmState.Running), (vm.VmSize, vm.State));
        Assert.Equal(2, arm.Counters.VmsCreated);
    }

    [Fact]
    public async Task CreateAsync_EverySizeOutOfCapacityAtSpotAndRegular_ThrowsCapacityUnavailableAfterTryingEach()
    {
        arm.Faults.FailAllocations(SmallSize);
        arm.Faults.FailAllocations(LargeSize);

        var error = await Assert.ThrowsAsync<AdapterException>(
            () => Vms.CreateAsync(Request("linux-x64-73", spot: true, SmallSize, LargeSize), CancellationToken.None));

        Assert.Equal((AdapterName.Compute, FailureKind.CapacityUnavailable), (error.Adapter, error.Kind));
        Assert.Contains("AllocationFailed", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, arm.Counters.VmsCreated);
        Assert.DoesNotContain(arm.VirtualMachines, vm => vm.State != VmState.Failed);
    }

    [Fact]
    public async Task ListAsync_ArmAnswers500_ThrowsTransient()
    {
        arm.Faults.Inject(ArmOperationKind.ListVirtualMachines, FaultRule.Error(500));

        var error = await Assert.ThrowsAsync<AdapterException>(() => Vms.ListAsync(ScaleSetId, CancellationToken.None));

        Assert.Equal((AdapterName.Compute, FailureKind.Transient, true), (error.Adapter, error.Kind, error.IsTransient));
        Assert.IsType<Azure.RequestFailedException>(error.InnerException);
    }
}
