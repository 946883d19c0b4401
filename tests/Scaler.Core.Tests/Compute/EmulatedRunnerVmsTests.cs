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
    public async Task StartCreateAsync_Accepted_ReturnsBeforeTheOperationAndReadsSucceededWithSizeAndPriority()
    {
        var request = Request("linux-x64-80", spot: true, SmallSize, LargeSize);

        var started = await Vms.StartCreateAsync(request, VmAttempt.First(request), CancellationToken.None);
        var status = await Vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-80", CancellationToken.None);

        Assert.True(started);
        Assert.Equal(new VmCreateStatus(VmCreateState.Succeeded, SmallSize, true), status);
        Assert.Equal(CloudInit, Assert.Single(arm.VirtualMachines).CustomData);
    }

    [Fact]
    public async Task StartCreateAsync_VmExists_LeavesItAndReturnsFalse()
    {
        var request = Request("linux-x64-81");
        await Vms.StartCreateAsync(request, VmAttempt.First(request), CancellationToken.None);

        var again = await Vms.StartCreateAsync(request, new VmAttempt(0, true), CancellationToken.None);

        Assert.False(again);
        Assert.Equal(1, arm.Counters.VmsCreated);
    }

    [Fact]
    public async Task GetCreateStatusAsync_AllocationFailed_ReadsCapacityUnavailableAndNextSizeReplacesTheFailedVm()
    {
        arm.Faults.FailAllocations(SmallSize, "ZonalAllocationFailed");
        var request = Request("linux-x64-82", spot: false, SmallSize, LargeSize);
        var first = VmAttempt.First(request);
        await Vms.StartCreateAsync(request, first, CancellationToken.None);

        var failed = await Vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-82", CancellationToken.None);
        var next = first.After(failed.Failure!.Value, request);
        await Vms.StartCreateAsync(request, next!, CancellationToken.None);
        var created = await Vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-82", CancellationToken.None);

        Assert.Equal((VmCreateState.Failed, SmallSize, FailureKind.CapacityUnavailable), (failed.State, failed.Size, failed.Failure));
        Assert.Contains("ZonalAllocationFailed", failed.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(new VmAttempt(1, false), next);
        Assert.Equal(new VmCreateStatus(VmCreateState.Succeeded, LargeSize, false), created);
        Assert.Equal((LargeSize, VmState.Running), (Assert.Single(arm.VirtualMachines).VmSize, Assert.Single(arm.VirtualMachines).State));
        Assert.Equal(2, arm.Counters.VmsCreated);
    }

    [Fact]
    public async Task GetCreateStatusAsync_SpotAllocationFailed_ReadsCapacityUnavailableAndRegularOfSameSizeIsNext()
    {
        arm.Faults.FailSpotAllocations(1);
        var request = Request("linux-x64-83", spot: true);
        var first = VmAttempt.First(request);
        await Vms.StartCreateAsync(request, first, CancellationToken.None);

        var failed = await Vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-83", CancellationToken.None);
        var next = first.After(failed.Failure!.Value, request);
        await Vms.StartCreateAsync(request, next!, CancellationToken.None);

        Assert.Equal((VmCreateState.Failed, true, FailureKind.CapacityUnavailable), (failed.State, failed.Spot, failed.Failure));
        Assert.Equal(new VmAttempt(0, false), next);
        Assert.Equal(new VmCreateStatus(VmCreateState.Succeeded, SmallSize, false), await Vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-83", CancellationToken.None));
    }

    [Fact]
    public async Task StartCreateAsync_QuotaSpent_ThrowsQuotaExceededAtOnce()
    {
        arm.Faults.ExceedQuota(SmallSize);
        var request = Request("linux-x64-84");

        var error = await Assert.ThrowsAsync<AdapterException>(() => Vms.StartCreateAsync(request, VmAttempt.First(request), CancellationToken.None));

        Assert.Equal(FailureKind.QuotaExceeded, error.Kind);
        Assert.Empty(arm.VirtualMachines);
    }

    [Fact]
    public async Task GetCreateStatusAsync_NoSuchVm_ReadsGone()
    {
        Assert.Equal(VmCreateStatus.Gone, await Vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-85", CancellationToken.None));
    }

    [Fact]
    public async Task GetCreateStatusAsync_OperationStillRunning_ReadsCreating()
    {
        await using var slow = await ArmEmulator.StartAsync(new ArmEmulatorOptions { ProvisioningDelay = TimeSpan.FromHours(1) }, CancellationToken.None);
        slow.AddScaleSet(ScaleSetId, "westeurope");
        var slowVms = new AzureRunnerVms(ArmTestClient.Create(slow.BaseUri, slow.CreateTrustingHandler()), NullLogger<AzureRunnerVms>.Instance);
        var request = Request("linux-x64-86");

        await slowVms.StartCreateAsync(request, VmAttempt.First(request), CancellationToken.None);
        var status = await slowVms.GetCreateStatusAsync(ScaleSetId, "linux-x64-86", CancellationToken.None);

        Assert.Equal(new VmCreateStatus(VmCreateState.Creating, SmallSize, false), status);
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
