using Azure;
using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.Common;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>The VM history records creations, deletions and evictions with the emulator's time and the shared sequence.</summary>
public sealed class VmHistoryTests
{
    [Fact]
    public async Task History_CreateDeleteAndEvict_RecordsEachOnceInOrder()
    {
        await using var host = await ArmTestHost.StartAsync();
        var first = await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-2", host.NewVm());
        host.Time.Advance(TimeSpan.FromMinutes(1));

        await first.Value.DeleteAsync(WaitUntil.Completed, forceDeletion: true);
        await host.Emulator.EvictAsync("runner-2", CancellationToken.None);

        var events = host.Emulator.History.Events;
        Assert.Equal(
            [(VmEventKind.Created, "runner-1"), (VmEventKind.Created, "runner-2"), (VmEventKind.Deleted, "runner-1"), (VmEventKind.Evicted, "runner-2")],
            events.Select(e => (e.Kind, e.Name)));
        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal(host.ScaleSetId.ToString(), e.ScaleSetId, ignoreCase: true));
        Assert.Equal(host.Time.GetUtcNow(), events[^1].At);
    }

    [Fact]
    public async Task History_PutOfAnExistingVm_RecordsNoSecondCreation()
    {
        await using var host = await ArmTestHost.StartAsync();
        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());

        await host.VirtualMachines.CreateOrUpdateAsync(WaitUntil.Completed, "runner-1", host.NewVm());

        Assert.Single(host.Emulator.History.Events);
    }

    [Fact]
    public void EventSequence_Next_IncreasesAcrossThreads()
    {
        var sequence = new EventSequence();

        var numbers = Enumerable.Range(0, 1000).AsParallel().Select(_ => sequence.Next()).ToList();

        Assert.Equal(Enumerable.Range(1, 1000).Select(n => (long)n), numbers.Order());
    }
}
