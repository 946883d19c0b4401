using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Emulators.Arm;
using Scaler.Emulators.Arm.Boot;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

/// <summary>
/// <see cref="AzureRunnerVms"/>'s standby calls (power state, deallocate, update of userData and tags, power on) over the ARM
/// emulator on a fake clock: the real SDK, HTTPS and long-running operations.
/// </summary>
public sealed class EmulatedRunnerVmsPowerTests : IAsyncLifetime
{
    private const string ScaleSetId = TestSettings.ScaleSetId;

    /// <summary>A JIT config as GitHub encodes it: base64 of a JSON map with a <c>.runner</c> key.</summary>
    private static readonly string JitConfig = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{".runner":"eyJhZ2VudElkIjoxfQ==",".credentials":"e30=",".credentials_rsaparams":"e30="}"""));

    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(40);

    /// <summary>A cloud-init whose boot unit reads userData from the instance metadata at every boot, as a standby VM's does.</summary>
    private static readonly string StandbyCloudInit =
        "#cloud-config\nruncmd:\n- curl -fsS -H 'Metadata: true' 'http://169.254.169.254/metadata/instance/compute/userData?api-version=2021-01-01&format=text'\n";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<AzureRunnerVms> logger = new();
    private readonly BootRecorder guest = new();
    private ArmEmulator arm = null!;
    private AzureRunnerVms vms = null!;

    public async Task InitializeAsync()
    {
        arm = await ArmEmulator.StartAsync(
            new ArmEmulatorOptions { TimeProvider = time, GuestAgent = guest, ProvisioningDelay = TimeSpan.Zero, BootDelay = Boot, StartDelay = Start, PreparedBootDelay = TimeSpan.FromSeconds(15) },
            CancellationToken.None);
        arm.AddScaleSet(ScaleSetId, "westeurope");
        vms = new AzureRunnerVms(ArmTestClient.Create(arm.BaseUri, arm.CreateTrustingHandler()), logger);
    }

    public async Task DisposeAsync() => await arm.DisposeAsync();

    [Fact]
    public async Task GetPowerStateAsync_CreatedVm_Running()
    {
        await CreateAsync("linux-x64-1");

        Assert.Equal(VmPowerState.Running, await vms.GetPowerStateAsync(ScaleSetId, "linux-x64-1", CancellationToken.None));
    }

    [Fact]
    public async Task GetPowerStateAsync_StandbyGuestPoweredOff_Stopped()
    {
        await CreateAsync("linux-x64-2", StandbyCloudInit);
        time.Advance(Boot);
        Assert.Equal(BootState.PoweredOff, await arm.WaitForBootAsync("linux-x64-2", CancellationToken.None));

        Assert.Equal(VmPowerState.Stopped, await vms.GetPowerStateAsync(ScaleSetId, "linux-x64-2", CancellationToken.None));
    }

    [Fact]
    public async Task GetPowerStateAsync_DeallocatedThenStarting_DeallocatedThenStartingThenRunning()
    {
        await CreateAsync("linux-x64-3");
        await vms.DeallocateAsync(ScaleSetId, "linux-x64-3", CancellationToken.None);

        var deallocated = await vms.GetPowerStateAsync(ScaleSetId, "linux-x64-3", CancellationToken.None);
        await vms.PowerOnAsync(ScaleSetId, "linux-x64-3", CancellationToken.None);
        var starting = await vms.GetPowerStateAsync(ScaleSetId, "linux-x64-3", CancellationToken.None);
        time.Advance(Start);
        var running = await vms.GetPowerStateAsync(ScaleSetId, "linux-x64-3", CancellationToken.None);

        Assert.Equal((VmPowerState.Deallocated, VmPowerState.Starting, VmPowerState.Running), (deallocated, starting, running));
    }

    [Fact]
    public async Task GetPowerStateAsync_NoSuchVm_Gone()
    {
        Assert.Equal(VmPowerState.Gone, await vms.GetPowerStateAsync(ScaleSetId, "linux-x64-4", CancellationToken.None));
    }

    [Fact]
    public async Task DeallocateAsync_StoppedStandbyVm_TrueAndArmDeallocatesIt()
    {
        await CreateAsync("linux-x64-5", StandbyCloudInit);
        time.Advance(Boot);
        await arm.WaitForBootAsync("linux-x64-5", CancellationToken.None);

        var asked = await vms.DeallocateAsync(ScaleSetId, "linux-x64-5", CancellationToken.None);

        Assert.True(asked);
        Assert.Equal(VmState.Deallocated, arm.FindVirtualMachine("linux-x64-5")!.State);
        Assert.Equal(1, arm.Counters.Calls(ArmOperationKind.DeallocateVirtualMachine));
    }

    [Fact]
    public async Task DeallocateAsync_NoSuchVm_False()
    {
        Assert.False(await vms.DeallocateAsync(ScaleSetId, "linux-x64-6", CancellationToken.None));
        Assert.Equal(0, arm.Counters.Calls(ArmOperationKind.DeallocateVirtualMachine));
    }

    [Fact]
    public async Task UpdateAsync_JitConfigThenEmpty_ArmHoldsItsBase64ThenNothing()
    {
        await CreateAsync("linux-x64-7");
        await vms.DeallocateAsync(ScaleSetId, "linux-x64-7", CancellationToken.None);

        var set = await vms.UpdateAsync(ScaleSetId, "linux-x64-7", new VmUpdate(JitConfig, new Dictionary<string, string?>()), CancellationToken.None);
        var held = arm.FindVirtualMachine("linux-x64-7")!.UserData;
        var cleared = await vms.UpdateAsync(ScaleSetId, "linux-x64-7", new VmUpdate("", new Dictionary<string, string?>()), CancellationToken.None);

        Assert.True(set);
        Assert.True(cleared);
        Assert.Equal(JitConfig, Encoding.UTF8.GetString(Convert.FromBase64String(held!)));
        Assert.Null(arm.FindVirtualMachine("linux-x64-7")!.UserData);
        Assert.Equal(VmState.Deallocated, arm.FindVirtualMachine("linux-x64-7")!.State);
    }

    [Fact]
    public async Task UpdateAsync_TagSetToNullAndTagAdded_RemovedAndAddedOthersKept()
    {
        await CreateAsync("linux-x64-8");
        var tags = new Dictionary<string, string?> { ["scaler-job"] = null, ["scaler-standby"] = "ready" };

        var updated = await vms.UpdateAsync(ScaleSetId, "linux-x64-8", new VmUpdate(null, tags), CancellationToken.None);

        Assert.True(updated);
        var vm = arm.FindVirtualMachine("linux-x64-8")!;
        Assert.False(vm.Tags.ContainsKey("scaler-job"));
        Assert.Equal("ready", vm.Tags["scaler-standby"]);
        Assert.Equal("linux-x64", vm.Tags["scaler-pool"]);
        Assert.Equal("linux-x64", Assert.Single(await vms.ListAsync(ScaleSetId, CancellationToken.None)).Tags["scaler-pool"]);
    }

    [Fact]
    public async Task UpdateAsync_UserDataNull_LeavesTheUserData()
    {
        await CreateAsync("linux-x64-9");
        await vms.UpdateAsync(ScaleSetId, "linux-x64-9", new VmUpdate(JitConfig, new Dictionary<string, string?>()), CancellationToken.None);

        await vms.UpdateAsync(ScaleSetId, "linux-x64-9", new VmUpdate(null, new Dictionary<string, string?> { ["scaler-job"] = "43" }), CancellationToken.None);

        Assert.Equal(JitConfig, Encoding.UTF8.GetString(Convert.FromBase64String(arm.FindVirtualMachine("linux-x64-9")!.UserData!)));
        Assert.Equal("43", arm.FindVirtualMachine("linux-x64-9")!.Tags["scaler-job"]);
    }

    [Fact]
    public async Task UpdateAsync_NoSuchVm_False()
    {
        var updated = await vms.UpdateAsync(ScaleSetId, "linux-x64-10", new VmUpdate(JitConfig, new Dictionary<string, string?>()), CancellationToken.None);

        Assert.False(updated);
        Assert.Equal(0, arm.Counters.Calls(ArmOperationKind.UpdateVirtualMachine));
    }

    [Fact]
    public async Task UpdateAsync_JitConfig_NeverLogged()
    {
        await CreateAsync("linux-x64-11");
        var update = new VmUpdate(JitConfig, new Dictionary<string, string?> { ["scaler-job"] = "44" });

        await vms.UpdateAsync(ScaleSetId, "linux-x64-11", update, CancellationToken.None);
        await vms.UpdateAsync(ScaleSetId, "linux-x64-gone", update, CancellationToken.None);

        Assert.NotEmpty(logger.Collector.GetSnapshot());
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Message.Contains(JitConfig, StringComparison.Ordinal)
            || r.StructuredState?.Any(s => s.Value?.Contains(JitConfig, StringComparison.Ordinal) == true) == true);
        Assert.DoesNotContain(JitConfig, update.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PowerOnAsync_DeallocatedVm_TrueAndReturnsWhileStarting()
    {
        await CreateAsync("linux-x64-12");
        await vms.DeallocateAsync(ScaleSetId, "linux-x64-12", CancellationToken.None);

        var started = await vms.PowerOnAsync(ScaleSetId, "linux-x64-12", CancellationToken.None);

        Assert.True(started);
        Assert.Equal(VmState.Starting, arm.FindVirtualMachine("linux-x64-12")!.State);
        Assert.Equal(1, arm.Counters.VmsStarted);
    }

    [Fact]
    public async Task PowerOnAsync_NoSuchVm_False()
    {
        Assert.False(await vms.PowerOnAsync(ScaleSetId, "linux-x64-13", CancellationToken.None));
        Assert.Equal(0, arm.Counters.Calls(ArmOperationKind.StartVirtualMachine));
    }

    [Fact]
    public async Task PowerOnAsync_AllocationFails_CreateStatusReadsFailedWithAllocationFailed()
    {
        await CreateAsync("linux-x64-14");
        await vms.DeallocateAsync(ScaleSetId, "linux-x64-14", CancellationToken.None);
        arm.Faults.FailStarts(1);

        var started = await vms.PowerOnAsync(ScaleSetId, "linux-x64-14", CancellationToken.None);
        time.Advance(Start);
        var status = await vms.GetCreateStatusAsync(ScaleSetId, "linux-x64-14", CancellationToken.None);

        Assert.True(started);
        Assert.Equal((VmCreateState.Failed, FailureKind.CapacityUnavailable), (status.State, status.Failure));
        Assert.StartsWith("AllocationFailed: ", status.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(VmPowerState.Deallocated, await vms.GetPowerStateAsync(ScaleSetId, "linux-x64-14", CancellationToken.None));
    }

    [Fact]
    public async Task StandbyVm_UpdatedAndPoweredOn_GuestBootsWithTheJitConfigReadFromImds()
    {
        await CreateAsync("linux-x64-15", StandbyCloudInit);
        time.Advance(Boot);
        await arm.WaitForBootAsync("linux-x64-15", CancellationToken.None);
        await vms.DeallocateAsync(ScaleSetId, "linux-x64-15", CancellationToken.None);

        await vms.UpdateAsync(ScaleSetId, "linux-x64-15", new VmUpdate(JitConfig, new Dictionary<string, string?> { ["scaler-job"] = "45" }), CancellationToken.None);
        await vms.PowerOnAsync(ScaleSetId, "linux-x64-15", CancellationToken.None);
        var booted = arm.WaitForBootAsync("linux-x64-15", CancellationToken.None);
        time.Advance(Start + TimeSpan.FromSeconds(15));

        Assert.Equal(BootState.Booted, await booted);
        Assert.Equal(JitConfig, guest.JitConfigs["linux-x64-15"]);
        Assert.Equal(2, arm.FindVirtualMachine("linux-x64-15")!.UserDataReads);
    }

    private Task<VmCreated> CreateAsync(string name, string cloudInit = "#cloud-config\n") => vms.CreateAsync(
        new VmRequest
        {
            ScaleSetId = ScaleSetId,
            Name = name,
            Sizes = ["Standard_D2ads_v5"],
            Image = "Canonical:ubuntu-24_04-lts:server:latest",
            Spot = false,
            SubnetId = TestSettings.SubnetId,
            OsDiskSizeGb = 64,
            SshPublicKey = "",
            CustomData = cloudInit,
            Tags = new Dictionary<string, string> { ["scaler-pool"] = "linux-x64", ["scaler-job"] = "42" },
        },
        CancellationToken.None);

    /// <summary>The guest agent: remembers the JIT config each VM booted with.</summary>
    private sealed class BootRecorder : IGuestAgent
    {
        public ConcurrentDictionary<string, string?> JitConfigs { get; } = new();

        public Task BootAsync(EmulatedVm vm, BootInfo info, CancellationToken cancellationToken)
        {
            JitConfigs[vm.Name] = info.JitConfig;
            return Task.CompletedTask;
        }

        public Task ShutdownAsync(EmulatedVm vm, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
