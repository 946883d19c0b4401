using Microsoft.Extensions.Logging.Testing;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

/// <summary>
/// <see cref="AzureRunnerVms"/>'s standby calls over the real Azure SDK and an in-memory ARM: the power state as the
/// instance view gives it, a VM that goes between its lookup and the call, one of another scale set, and a blank name.
/// </summary>
public sealed class AzureRunnerVmsPowerStateTests : IDisposable
{
    private const string ScaleSetId = TestSettings.ScaleSetId;
    private const string OtherScaleSetId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/runners/providers/Microsoft.Compute/virtualMachineScaleSets/windows-x64";

    private readonly ScriptedArmHandler arm = new(new InMemoryArmHandler());
    private readonly FakeLogger<AzureRunnerVms> logger = new();
    private readonly AzureRunnerVms vms;

    public AzureRunnerVmsPowerStateTests() =>
        vms = new AzureRunnerVms(ArmTestClient.Create(new Uri("https://arm.test/"), arm), logger);

    [Fact]
    public async Task GetPowerStateAsync_InstanceViewAnswers404_Gone()
    {
        arm.Arm.Seed("linux-x64-1", ScaleSetId, "Succeeded");
        arm.GoneOn("linux-x64-1", "instanceView");

        Assert.Equal(VmPowerState.Gone, await vms.GetPowerStateAsync(ScaleSetId, "linux-x64-1", CancellationToken.None));
    }

    [Fact]
    public async Task GetPowerStateAsync_NoPowerStateStatus_Unknown()
    {
        arm.Arm.Seed("linux-x64-2", ScaleSetId, "Updating");
        arm.InstanceView("linux-x64-2", ("ProvisioningState/updating", "Updating", null));

        Assert.Equal(VmPowerState.Unknown, await vms.GetPowerStateAsync(ScaleSetId, "linux-x64-2", CancellationToken.None));
    }

    [Theory]
    [InlineData("PowerState/starting", VmPowerState.Starting)]
    [InlineData("PowerState/running", VmPowerState.Running)]
    [InlineData("PowerState/stopping", VmPowerState.Stopping)]
    [InlineData("PowerState/stopped", VmPowerState.Stopped)]
    [InlineData("PowerState/deallocating", VmPowerState.Deallocating)]
    [InlineData("PowerState/deallocated", VmPowerState.Deallocated)]
    [InlineData("powerstate/Deallocating", VmPowerState.Deallocating)]
    [InlineData("PowerState/hibernated", VmPowerState.Unknown)]
    public async Task GetPowerStateAsync_PowerStateAfterTheProvisioningState_ReadsThePowerState(string code, VmPowerState expected)
    {
        arm.Arm.Seed("linux-x64-3", ScaleSetId, "Succeeded");
        arm.InstanceView("linux-x64-3", ("ProvisioningState/succeeded", "Provisioning succeeded", null), (code, "VM state", null));

        Assert.Equal(expected, await vms.GetPowerStateAsync(ScaleSetId, "linux-x64-3", CancellationToken.None));
    }

    [Fact]
    public async Task DeallocateAsync_VmThere_TrueAndNoAlreadyGone()
    {
        arm.Arm.Seed("linux-x64-4", ScaleSetId, "Succeeded");

        Assert.True(await vms.DeallocateAsync(ScaleSetId, "linux-x64-4", CancellationToken.None));

        Assert.True(arm.Arm.Deallocated.ContainsKey("linux-x64-4"));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Name == "VmAlreadyGone");
    }

    [Fact]
    public async Task DeallocateAsync_NoSuchVm_FalseAndLogsAlreadyGone()
    {
        Assert.False(await vms.DeallocateAsync(ScaleSetId, "linux-x64-5", CancellationToken.None));

        AssertAlreadyGone("linux-x64-5");
    }

    [Fact]
    public async Task DeallocateAsync_VmGoneBeforeTheDeallocate_FalseAndLogsAlreadyGone()
    {
        arm.Arm.Seed("linux-x64-6", ScaleSetId, "Succeeded");
        arm.GoneOn("linux-x64-6", "deallocate");

        Assert.False(await vms.DeallocateAsync(ScaleSetId, "linux-x64-6", CancellationToken.None));

        AssertAlreadyGone("linux-x64-6");
    }

    [Fact]
    public async Task UpdateAsync_UpdateNull_ThrowsArgumentNullWithoutCallingAzure()
    {
        arm.Arm.Seed("linux-x64-7", ScaleSetId, "Succeeded");

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => vms.UpdateAsync(ScaleSetId, "linux-x64-7", null!, CancellationToken.None));

        Assert.Equal("update", error.ParamName);
        Assert.Empty(arm.Sent);
    }

    [Fact]
    public async Task UpdateAsync_NoSuchVm_FalseAndLogsAlreadyGone()
    {
        var updated = await vms.UpdateAsync(ScaleSetId, "linux-x64-8", new VmUpdate(null, new Dictionary<string, string?> { ["scaler-job"] = "42" }), CancellationToken.None);

        Assert.False(updated);
        AssertAlreadyGone("linux-x64-8");
    }

    [Fact]
    public async Task UpdateAsync_VmGoneBeforeThePatch_False()
    {
        arm.Arm.Seed("linux-x64-9", ScaleSetId, "Succeeded");
        arm.GoneOn("linux-x64-9", "PATCH");

        var updated = await vms.UpdateAsync(ScaleSetId, "linux-x64-9", new VmUpdate(null, new Dictionary<string, string?> { ["scaler-job"] = "42" }), CancellationToken.None);

        Assert.False(updated);
    }

    [Fact]
    public async Task PowerOnAsync_VmThere_TrueAndNoAlreadyGone()
    {
        arm.Arm.Seed("linux-x64-10", ScaleSetId, "Succeeded");

        Assert.True(await vms.PowerOnAsync(ScaleSetId, "linux-x64-10", CancellationToken.None));

        Assert.True(arm.Started.ContainsKey("linux-x64-10"));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Name == "VmAlreadyGone");
    }

    [Fact]
    public async Task PowerOnAsync_NoSuchVm_FalseAndLogsAlreadyGone()
    {
        Assert.False(await vms.PowerOnAsync(ScaleSetId, "linux-x64-11", CancellationToken.None));

        AssertAlreadyGone("linux-x64-11");
    }

    [Fact]
    public async Task PowerOnAsync_VmGoneBeforeTheStart_FalseAndLogsAlreadyGone()
    {
        arm.Arm.Seed("linux-x64-12", ScaleSetId, "Succeeded");
        arm.GoneOn("linux-x64-12", "start");

        Assert.False(await vms.PowerOnAsync(ScaleSetId, "linux-x64-12", CancellationToken.None));

        AssertAlreadyGone("linux-x64-12");
    }

    [Theory]
    [InlineData(OtherScaleSetId)]
    [InlineData(null)]
    public async Task StandbyCalls_VmOfThatNameOutsideTheScaleSet_ThrowInvalidAndLeaveItAlone(string? otherScaleSet)
    {
        arm.Arm.Seed("linux-x64-13", otherScaleSet, "Failed");
        arm.InstanceView("linux-x64-13", ("PowerState/running", "VM running", null), ("ProvisioningState/failed/AllocationFailed", null, "No room."));
        var update = new VmUpdate("jit", new Dictionary<string, string?> { ["scaler-job"] = "42" });

        var errors = new[]
        {
            await Assert.ThrowsAsync<AdapterException>(() => vms.GetPowerStateAsync(ScaleSetId, "linux-x64-13", CancellationToken.None)),
            await Assert.ThrowsAsync<AdapterException>(() => vms.DeallocateAsync(ScaleSetId, "linux-x64-13", CancellationToken.None)),
            await Assert.ThrowsAsync<AdapterException>(() => vms.UpdateAsync(ScaleSetId, "linux-x64-13", update, CancellationToken.None)),
            await Assert.ThrowsAsync<AdapterException>(() => vms.PowerOnAsync(ScaleSetId, "linux-x64-13", CancellationToken.None)),
            await Assert.ThrowsAsync<AdapterException>(() => vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-13", CancellationToken.None)),
        };

        Assert.All(errors, e => Assert.Equal((AdapterName.Compute, FailureKind.Invalid), (e.Adapter, e.Kind)));
        Assert.All(errors, e => Assert.Equal($"VM linux-x64-13 belongs to {otherScaleSet ?? "no scale set"}, not to {ScaleSetId}: Scaler leaves it alone.", e.Message));
        Assert.Equal(5, logger.Collector.GetSnapshot().Count(r => r.Id.Name == "VmNotInScaleSet" && r.GetStructuredStateValue("VmName") == "linux-x64-13"));
        Assert.False(arm.Arm.Deallocated.ContainsKey("linux-x64-13"));
        Assert.Empty(arm.Started);
        Assert.Empty(arm.Patched);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task StandbyCalls_VmNameBlank_ThrowArgumentExceptionOfVmNameWithoutCallingAzure(string vmName)
    {
        var update = new VmUpdate(null, new Dictionary<string, string?>());

        var errors = new[]
        {
            await Assert.ThrowsAsync<ArgumentException>(() => vms.GetPowerStateAsync(ScaleSetId, vmName, CancellationToken.None)),
            await Assert.ThrowsAsync<ArgumentException>(() => vms.DeallocateAsync(ScaleSetId, vmName, CancellationToken.None)),
            await Assert.ThrowsAsync<ArgumentException>(() => vms.UpdateAsync(ScaleSetId, vmName, update, CancellationToken.None)),
            await Assert.ThrowsAsync<ArgumentException>(() => vms.PowerOnAsync(ScaleSetId, vmName, CancellationToken.None)),
            await Assert.ThrowsAsync<ArgumentException>(() => vms.GetCreateStatusAsync(ScaleSetId, vmName, CancellationToken.None)),
        };

        Assert.All(errors, e => Assert.Equal("vmName", e.ParamName));
        Assert.Empty(arm.Sent);
    }

    [Fact]
    public async Task StandbyCalls_VmNameNull_ThrowArgumentNullOfVmName()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => vms.GetPowerStateAsync(ScaleSetId, null!, CancellationToken.None));

        Assert.Equal("vmName", error.ParamName);
        Assert.Empty(arm.Sent);
    }

    private void AssertAlreadyGone(string vmName)
    {
        var gone = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "VmAlreadyGone");
        Assert.Equal(1211, gone.Id.Id);
        Assert.Equal((vmName, ScaleSetId), (gone.GetStructuredStateValue("VmName"), gone.GetStructuredStateValue("ScaleSetId")));
        Assert.Equal($"VM {vmName} of {ScaleSetId} was already gone", gone.Message);
    }

    public void Dispose() => arm.Dispose();
}
