using System.Collections.Concurrent;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Timing;

namespace Scaler.Emulators.Arm.Boot;

/// <summary>Boots each VM's guest once it is provisioned and its boot time (drawn per VM) has passed, and shuts it down when it goes.</summary>
internal sealed class GuestLifecycle(
    IGuestAgent agent, VirtualMachineStore store, ArmFaults faults, ArmCounters counters, TimeProvider timeProvider, TimingDraws timings)
    : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Task, byte> running = new();

    public void ScheduleBoot(VmRecord vm) => Track(BootAsync(vm, timings.NextBoot(), stopping.Token));

    /// <summary>Shuts the guest down in the background (a delete does not wait for the guest).</summary>
    public void ScheduleShutdown(VmRecord vm) => Track(ShutdownAsync(vm, stopping.Token));

    public async Task ShutdownAsync(VmRecord vm, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (store.Snapshot(vm, now) is not { BootState: BootState.Booted } snapshot)
        {
            return;
        }

        try
        {
            await agent.ShutdownAsync(snapshot, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            store.Update(vm, v => v.GuestError = ex.Message);
        }
    }

    private async Task BootAsync(VmRecord vm, TimeSpan bootDelay, CancellationToken cancellationToken)
    {
        var wait = vm.ReadyAt + bootDelay - timeProvider.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }

        var now = timeProvider.GetUtcNow();
        if (!ReferenceEquals(store.Find(vm.ResourceId, now), vm) || store.Read(vm, v => v.StateAt(now)) != VmState.Running)
        {
            Settle(vm, BootState.Skipped);
            return;
        }

        if (faults.ShouldFailBoot(vm.Name))
        {
            Settle(vm, BootState.Failed);
            return;
        }

        var info = CloudInitReader.Read(vm.DecodedCustomData);
        store.Update(vm, v => v.BootState = BootState.Booted);
        counters.CountBoot();
        try
        {
            await agent.BootAsync(store.Snapshot(vm, now), info, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            store.Update(vm, v => v.GuestError = ex.Message);
        }

        Settle(vm, BootState.Booted);
    }

    private void Settle(VmRecord vm, BootState state) => store.Update(vm, v =>
    {
        v.BootState = state;
        v.BootSettled.TrySetResult(state);
    });

    private void Track(Task task)
    {
        running[task] = 0;
        _ = task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await Task.WhenAll(running.Keys);
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }
}
