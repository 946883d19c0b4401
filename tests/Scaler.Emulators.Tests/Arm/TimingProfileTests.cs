using Azure;
using Scaler.Emulators.Arm;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Timing;

namespace Scaler.Emulators.Tests.Arm;

public sealed class TimingProfileTests
{
    private static readonly ArmTimingProfile Spread = new()
    {
        Name = "spread",
        Create = new VaryingDuration(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(15)),
        Boot = new VaryingDuration(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20)),
        Delete = new VaryingDuration(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)),
        EvictionNotice = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void Compressed_AzureByTwenty_DividesEveryDurationAndScalesBackToProfileTime()
    {
        var compressed = ArmTimingProfile.Azure.Compressed(20);

        Assert.Equal(ArmTimingProfile.Azure.Create.Typical / 20, compressed.Create.Typical);
        Assert.Equal(ArmTimingProfile.Azure.Create.Spread / 20, compressed.Create.Spread);
        Assert.Equal(ArmTimingProfile.Azure.Boot.Typical / 20, compressed.Boot.Typical);
        Assert.Equal(ArmTimingProfile.Azure.Delete.Typical / 20, compressed.Delete.Typical);
        Assert.Equal(ArmTimingProfile.Azure.EvictionNotice / 20, compressed.EvictionNotice);
        Assert.Equal(ArmTimingProfile.Azure.StartDeallocated.Typical / 20, compressed.StartDeallocated.Typical);
        Assert.Equal(20, compressed.Compression);
        Assert.Equal(TimeSpan.FromSeconds(60), compressed.ToProfileTime(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Sample_WithSpread_StaysWithinItsBoundsAndVaries()
    {
        var duration = new VaryingDuration(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(15));
        var random = new Random(7);

        var draws = Enumerable.Range(0, 200).Select(_ => duration.Sample(random)).ToList();

        Assert.All(draws, d => Assert.InRange(d, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)));
        Assert.True(draws.Distinct().Count() > 100, "draws within a spread should differ");
    }

    [Fact]
    public void EffectiveTiming_NoProfile_IsTheThreeFixedDelays()
    {
        var options = new ArmEmulatorOptions { ProvisioningDelay = TimeSpan.FromSeconds(3), BootDelay = TimeSpan.FromSeconds(4), DeletionDelay = TimeSpan.FromSeconds(5) };

        var timing = options.EffectiveTiming;

        Assert.Equal(VaryingDuration.Fixed(TimeSpan.FromSeconds(3)), timing.Create);
        Assert.Equal(VaryingDuration.Fixed(TimeSpan.FromSeconds(4)), timing.Boot);
        Assert.Equal(VaryingDuration.Fixed(TimeSpan.FromSeconds(5)), timing.Delete);
        Assert.Equal(TimeSpan.Zero, timing.EvictionNotice);
        Assert.Equal(TimeSpan.FromSeconds(2), new ArmEmulatorOptions().EffectiveTiming.Create.Typical);
    }

    [Fact]
    public async Task Put_ProfileWithSpread_VmCreatingWithinShortestAndRunningAfterLongest()
    {
        await using var host = await ArmTestHost.StartAsync(timing: Spread);
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm());

        host.Time.Advance(TimeSpan.FromSeconds(29));
        var early = host.Emulator.FindVirtualMachine("runner-1")!.State;
        host.Time.Advance(TimeSpan.FromSeconds(32));
        var late = host.Emulator.FindVirtualMachine("runner-1")!.State;

        Assert.Equal(VmState.Creating, early);
        Assert.Equal(VmState.Running, late);
    }

    [Fact]
    public async Task Boot_ProfileWithSpread_GuestBootsOnlyAfterCreateAndBootTimes()
    {
        await using var host = await ArmTestHost.StartAsync(timing: Spread);
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Started, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()));

        host.Time.Advance(TimeSpan.FromSeconds(29 + 39));
        var bootedEarly = host.Agent.WasBooted("runner-1");
        host.Time.Advance(TimeSpan.FromSeconds(60 + 80 - 68 + 1));
        var state = await host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None);

        Assert.False(bootedEarly);
        Assert.Equal(BootState.Booted, state);
    }

    [Fact]
    public async Task Delete_ProfileWithSpread_VmDeletingUntilDeleteTimeHasPassed()
    {
        await using var host = await ArmTestHost.StartAsync(timing: ArmTimingProfile.Fixed("quick", TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.Zero) with { Delete = Spread.Delete });
        var created = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());

        await created.Value.DeleteAsync(WaitUntil.Started);
        host.Time.Advance(TimeSpan.FromSeconds(19));
        var during = host.Emulator.FindVirtualMachine("runner-1")?.State;
        host.Time.Advance(TimeSpan.FromSeconds(22));
        var after = host.Emulator.FindVirtualMachine("runner-1");

        Assert.Equal(VmState.Deleting, during);
        Assert.Null(after);
    }

    [Fact]
    public async Task Evict_EvictionNotice_VmKeepsRunningUntilTheNoticeEnds()
    {
        await using var host = await ArmTestHost.StartAsync(timing: ArmTimingProfile.Fixed("notice", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero) with { EvictionNotice = TimeSpan.FromSeconds(30) });
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm(CloudInitSamples.PlainWriteFiles()));
        await host.Emulator.WaitForBootAsync("runner-1", CancellationToken.None);

        var eviction = host.Emulator.EvictAsync("runner-1", CancellationToken.None);
        host.Time.Advance(TimeSpan.FromSeconds(29));
        var duringNotice = host.Emulator.FindVirtualMachine("runner-1")?.State;
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await eviction;

        Assert.Equal(VmState.Running, duringNotice);
        Assert.Null(host.Emulator.FindVirtualMachine("runner-1"));
        Assert.Equal(1, host.Emulator.Counters.VmsEvicted);
    }
}
