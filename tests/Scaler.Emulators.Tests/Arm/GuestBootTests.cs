using Azure;
using Scaler.Emulators.Arm.Boot;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;

namespace Scaler.Emulators.Tests.Arm;

public sealed class GuestBootTests
{
    [Fact]
    public async Task Boot_AfterBootDelay_CallsAgentWithJitConfigAndVersion()
    {
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.FromSeconds(30));
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.Base64WriteFiles()));
        Assert.False(host.Agent.WasBooted("runner-1"));

        host.Time.Advance(TimeSpan.FromSeconds(30));
        var info = await host.Agent.WhenBootedAsync("runner-1");

        Assert.Equal(CloudInitSamples.JitConfig, info.JitConfig);
        Assert.Equal(CloudInitSamples.Version, info.RunnerVersion);
        Assert.Equal(BootState.Booted, await host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None));
        Assert.Equal(1, host.Emulator.Counters.Boots);
    }

    [Fact]
    public async Task Boot_PlainWriteFiles_CallsAgentWithJitConfig()
    {
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.Zero);

        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()));
        var info = await host.Agent.WhenBootedAsync("runner-1");

        Assert.Equal(CloudInitSamples.JitConfig, info.JitConfig);
    }

    [Fact]
    public async Task Boot_BootFailureInjected_NeverCallsAgent()
    {
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.FromSeconds(30));
        host.Emulator.Faults.FailBoot("runner-1");
        var created = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()));

        host.Time.Advance(TimeSpan.FromSeconds(30));
        var state = await host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None);

        Assert.Equal(BootState.Failed, state);
        Assert.Equal("Succeeded", created.Value.Data.ProvisioningState);
        Assert.False(host.Agent.WasBooted("runner-1"));
        Assert.Equal(0, host.Emulator.Counters.Boots);
    }

    [Fact]
    public async Task Boot_VmDeletedBeforeBoot_IsSkipped()
    {
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.FromSeconds(30));
        var created = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()));
        var settled = host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None);

        await created.Value.DeleteAsync(WaitUntil.Completed, forceDeletion: true);
        host.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(BootState.Skipped, await settled);
        Assert.False(host.Agent.WasBooted("runner-1"));
        Assert.False(host.Agent.WasShutDown("runner-1"));
    }

    [Fact]
    public async Task Evict_BootedSpotVm_RemovesVmAndCallsShutdown()
    {
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.Zero);
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()));
        await host.Agent.WhenBootedAsync("runner-1");
        await host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None);

        await host.Emulator.EvictAsync("runner-1", CancellationToken.None);

        var shutDown = await host.Agent.WhenShutDownAsync("runner-1");
        Assert.Equal("runner-1", shutDown.Name);
        Assert.False(await host.VirtualMachines.ExistsAsync("runner-1"));
        Assert.Equal(1, host.Emulator.Counters.VmsEvicted);
        Assert.Equal(0, host.Emulator.Counters.VmsDeleted);
    }

    [Fact]
    public async Task Delete_BootedVm_CallsShutdown()
    {
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.Zero);
        var created = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()));
        await host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None);

        await created.Value.DeleteAsync(WaitUntil.Completed, forceDeletion: true);

        Assert.Equal("runner-1", (await host.Agent.WhenShutDownAsync("runner-1")).Name);
        Assert.Equal(1, host.Emulator.Counters.Calls(ArmOperationKind.DeleteVirtualMachine));
    }

    [Fact]
    public async Task Boot_FailNextBoots_OnlyTheNextVmsNeverBoot()
    {
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.Zero);
        host.Emulator.Faults.FailNextBoots(1);

        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()));
        Assert.Equal(BootState.Failed, await host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None));
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-2", host.NewVm(CloudInitSamples.PlainWriteFiles()));

        Assert.Equal(BootState.Booted, await host.Emulator.WaitForBootAsync("runner-2", CancellationToken.None));
        Assert.False(host.Agent.WasBooted("runner-1"));
        Assert.True(host.Agent.WasBooted("runner-2"));
    }

    [Fact]
    public async Task Boot_WithGitHubRunnerAgent_ConnectsAndDisconnectsOnEviction()
    {
        await using var github = await FakeGitHubEmulator.StartAsync();
        using var http = new HttpClient();
        await using var host = await ArmTestHost.StartAsync(bootDelay: TimeSpan.Zero, agent: new GitHubRunnerAgent(http, github.BaseUri));

        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.Base64WriteFiles()));
        Assert.Equal(BootState.Booted, await host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None));
        await host.Emulator.EvictAsync("runner-1", CancellationToken.None);

        Assert.Collection(
            github.Requests,
            connect =>
            {
                Assert.Equal("/_emulator/runners/connect", connect.Path);
                Assert.Equal(CloudInitSamples.JitConfig, connect.Body.GetProperty("jit_config").GetString());
                Assert.Equal(CloudInitSamples.Version, connect.Body.GetProperty("version").GetString());
            },
            disconnect =>
            {
                Assert.Equal("/_emulator/runners/disconnect", disconnect.Path);
                Assert.Equal("runner-1", disconnect.Body.GetProperty("name").GetString());
            });
        Assert.Null(host.Emulator.VirtualMachines.SingleOrDefault()?.GuestError);
    }
}
