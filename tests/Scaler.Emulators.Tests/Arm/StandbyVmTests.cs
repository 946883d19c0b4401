using Azure;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Recording;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>
/// A standby VM's life as Scaler drives it: its guest reads userData through the instance metadata at every boot, powers
/// off when it is empty and starts the runner with the JIT config it holds.
/// </summary>
public sealed class StandbyVmTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan PreparedBoot = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task StandbyVm_WholeLife_PreparedDeallocatedStartedWithJitConfigThenCleared()
    {
        await using var host = await StartHostAsync();

        // Created with the standby cloud-init and no userData: the first boot (the install) reads IMDS and powers off.
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "standby-1", host.NewVm(CloudInitSamples.Standby()))).Value;
        host.Time.Advance(Boot);
        Assert.Equal(BootState.PoweredOff, await host.Emulator.WaitForBootAsync("standby-1", CancellationToken.None));
        Assert.Equal("PowerState/stopped", await PowerStateAsync(vm));
        Assert.Equal(1, host.Emulator.FindVirtualMachine("standby-1")!.UserDataReads);
        Assert.False(host.Agent.WasBooted("standby-1"));

        // Prepared: Scaler deallocates it.
        await vm.DeallocateAsync(WaitUntil.Completed);
        Assert.Equal("PowerState/deallocated", await PowerStateAsync(vm));

        // A job: the JIT config in userData, the whole tag set, then start.
        var patch = new VirtualMachinePatch { UserData = CloudInitSamples.Base64(CloudInitSamples.JitConfig) };
        patch.Tags["pool"] = "linux-x64";
        patch.Tags["scaler-job"] = "42";
        await vm.UpdateAsync(WaitUntil.Completed, patch);
        var start = await vm.PowerOnAsync(WaitUntil.Started);
        var booted = host.Emulator.WaitForBootAsync("standby-1", CancellationToken.None);
        host.Time.Advance(Start);
        await start.WaitForCompletionResponseAsync(TimeSpan.FromMilliseconds(5));
        Assert.Equal("PowerState/running", await PowerStateAsync(vm));
        Assert.False(host.Agent.WasBooted("standby-1"));
        host.Time.Advance(PreparedBoot);

        var info = await host.Agent.WhenBootedAsync("standby-1");
        Assert.Equal(CloudInitSamples.JitConfig, info.JitConfig);
        Assert.Equal(CloudInitSamples.Version, info.RunnerVersion);
        Assert.Equal(BootState.Booted, await booted);
        var running = host.Emulator.FindVirtualMachine("standby-1")!;
        Assert.Equal(2, running.UserDataReads);
        Assert.Equal("42", running.Tags["scaler-job"]);

        // The runner is online: Scaler clears the userData; IMDS then returns it empty.
        await vm.UpdateAsync(WaitUntil.Completed, new VirtualMachinePatch { UserData = "" });
        using var http = new HttpClient(host.Emulator.CreateTrustingHandler());
        using var read = new HttpRequestMessage(HttpMethod.Get, new Uri(host.Emulator.InstanceMetadataUri("standby-1"), "metadata/instance/compute/userData?api-version=2021-01-01&format=text"));
        read.Headers.Add("Metadata", "true");
        using var response = await http.SendAsync(read);
        Assert.Equal("", await response.Content.ReadAsStringAsync());

        Assert.Equal(
            [VmPowerEventKind.PoweredOff, VmPowerEventKind.Deallocated, VmPowerEventKind.Started],
            host.Emulator.History.PowerEvents.Select(e => e.Kind));
        Assert.Equal(
            [host.Time.Start + Boot, host.Time.Start + Boot, host.Time.Start + Boot],
            host.Emulator.History.PowerEvents.Select(e => e.At));
        Assert.Equal([VmEventKind.Created], host.Emulator.History.Events.Select(e => e.Kind));
        Assert.Equal((1, 1, 1), (host.Emulator.Counters.GuestPowerOffs, host.Emulator.Counters.VmsDeallocated, host.Emulator.Counters.VmsStarted));
    }

    [Fact]
    public async Task StandbyVm_StartedAgainWithEmptyUserData_PowersOffAfterThePreparedBoot()
    {
        await using var host = await StartHostAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "standby-1", host.NewVm(CloudInitSamples.Standby()))).Value;
        host.Time.Advance(Boot);
        await host.Emulator.WaitForBootAsync("standby-1", CancellationToken.None);
        await vm.DeallocateAsync(WaitUntil.Completed);

        await vm.PowerOnAsync(WaitUntil.Started);
        var booted = host.Emulator.WaitForBootAsync("standby-1", CancellationToken.None);
        host.Time.Advance(Start + PreparedBoot);

        Assert.Equal(BootState.PoweredOff, await booted);
        Assert.Equal(VmState.Stopped, host.Emulator.FindVirtualMachine("standby-1")!.State);
        Assert.Equal(2, host.Emulator.FindVirtualMachine("standby-1")!.UserDataReads);
        Assert.False(host.Agent.WasBooted("standby-1"));
    }

    [Fact]
    public async Task StandbyVm_StoppedByItsGuestThenStarted_BootsWithoutBeingDeallocated()
    {
        await using var host = await StartHostAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "standby-1", host.NewVm(CloudInitSamples.Standby()))).Value;
        host.Time.Advance(Boot);
        await host.Emulator.WaitForBootAsync("standby-1", CancellationToken.None);
        await vm.UpdateAsync(WaitUntil.Completed, new VirtualMachinePatch { UserData = CloudInitSamples.Base64(CloudInitSamples.JitConfig) });

        await vm.PowerOnAsync(WaitUntil.Started);
        host.Time.Advance(Start + PreparedBoot);

        Assert.Equal(CloudInitSamples.JitConfig, (await host.Agent.WhenBootedAsync("standby-1")).JitConfig);
    }

    [Fact]
    public async Task StandbyVm_CreatedWithAJitConfigInUserData_FirstBootStartsTheRunner()
    {
        await using var host = await StartHostAsync();
        var data = host.NewVm(CloudInitSamples.Standby());
        data.UserData = CloudInitSamples.Base64(CloudInitSamples.JitConfig);

        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "standby-1", data);
        host.Time.Advance(Boot);

        Assert.Equal(CloudInitSamples.JitConfig, (await host.Agent.WhenBootedAsync("standby-1")).JitConfig);
        Assert.Equal(VmState.Running, host.Emulator.FindVirtualMachine("standby-1")!.State);
    }

    [Fact]
    public async Task StandbyVm_DeallocatedBeforeItsFirstBoot_NeverReadsUserData()
    {
        await using var host = await StartHostAsync();
        VirtualMachineResource vm = (await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "standby-1", host.NewVm(CloudInitSamples.Standby()))).Value;
        var settled = host.Emulator.WaitForBootAsync("standby-1", CancellationToken.None);

        await vm.DeallocateAsync(WaitUntil.Completed);
        host.Time.Advance(Boot);

        Assert.Equal(BootState.Skipped, await settled);
        Assert.Equal(0, host.Emulator.FindVirtualMachine("standby-1")!.UserDataReads);
        Assert.Equal(VmState.Deallocated, host.Emulator.FindVirtualMachine("standby-1")!.State);
    }

    [Fact]
    public async Task FreshVm_JitConfigInCustomData_NeverReadsUserData()
    {
        await using var host = await StartHostAsync();
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()));

        host.Time.Advance(Boot);

        Assert.Equal(CloudInitSamples.JitConfig, (await host.Agent.WhenBootedAsync("runner-1")).JitConfig);
        Assert.Equal(0, host.Emulator.Counters.UserDataReads);
    }

    private static Task<ArmTestHost> StartHostAsync() =>
        ArmTestHost.StartAsync(bootDelay: Boot, startDelay: Start, preparedBootDelay: PreparedBoot);

    private static async Task<string> PowerStateAsync(VirtualMachineResource vm) =>
        (await vm.InstanceViewAsync()).Value.Statuses.Single(s => s.Code.StartsWith("PowerState/", StringComparison.Ordinal)).Code;
}
