using System.Collections.Concurrent;
using System.Text;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.Arm.Timing;

namespace Scaler.Emulators.Arm.Boot;

/// <summary>
/// Boots each VM's guest once it is provisioned and its boot time (drawn per VM) has passed, boots it again after each
/// start, and shuts it down when it goes. A guest whose cloud-init reads its userData at boot (a standby VM) reads it
/// through the instance metadata endpoint: empty, it powers the VM off; a JIT config, it starts the runner with it.
/// </summary>
internal sealed class GuestLifecycle(
    IGuestAgent agent, VirtualMachineStore store, ArmFaults faults, ArmCounters counters, TimeProvider timeProvider, TimingDraws timings,
    InstanceMetadataClient metadata)
    : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Task, byte> running = new();

    /// <summary>The first boot, after the create: its time stands for cloud-init's install.</summary>
    public void ScheduleBoot(VmRecord vm)
    {
        var (cycle, settled) = store.Read(vm, v => (v.PowerCycle, v.BootSettled));
        Track(BootAsync(vm, vm.ReadyAt + timings.NextBoot(), cycle, settled, afterCreate: true, stopping.Token));
    }

    /// <summary>A boot after a start that ends at <paramref name="runningAt"/>: the runner is installed, so it takes the prepared boot time.</summary>
    public void ScheduleBootAfterStart(VmRecord vm, DateTimeOffset runningAt, int cycle, TaskCompletionSource<BootState> settled) =>
        Track(BootAsync(vm, runningAt + timings.NextPreparedBoot(), cycle, settled, afterCreate: false, stopping.Token));

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

    private async Task BootAsync(VmRecord vm, DateTimeOffset bootedAt, int cycle, TaskCompletionSource<BootState> settled, bool afterCreate, CancellationToken cancellationToken)
    {
        var wait = bootedAt - timeProvider.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }

        if (!StillThisBoot(vm, cycle))
        {
            Settle(vm, settled, BootState.Skipped);
            return;
        }

        if (afterCreate && faults.ShouldFailBoot(vm.Name))
        {
            Settle(vm, settled, BootState.Failed);
            return;
        }

        var info = CloudInitReader.Read(vm.DecodedCustomData);
        if (CloudInitReader.ReadsUserDataAtBoot(vm.DecodedCustomData))
        {
            string? jitConfig;
            try
            {
                jitConfig = Decode(await metadata.ReadUserDataAsync(vm.Name, cancellationToken));
            }
            catch (Exception ex) when (ex is HttpRequestException or FormatException)
            {
                store.Update(vm, v => v.GuestError = $"reading userData from the instance metadata failed: {ex.Message}");
                Settle(vm, settled, BootState.Failed);
                return;
            }

            if (jitConfig.Length == 0)
            {
                PowerOff(vm, cycle, settled);
                return;
            }

            info = info with { JitConfig = jitConfig };
        }

        var now = timeProvider.GetUtcNow();
        var booting = store.Read(vm, v =>
        {
            if (v.PowerCycle != cycle)
            {
                return false;
            }

            v.BootState = BootState.Booted;
            return true;
        });
        if (!booting)
        {
            Settle(vm, settled, BootState.Skipped);
            return;
        }

        counters.CountBoot();
        try
        {
            await agent.BootAsync(store.Snapshot(vm, now), info, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            store.Update(vm, v => v.GuestError = ex.Message);
        }

        Settle(vm, settled, BootState.Booted);
    }

    /// <summary>The VM still exists, runs, and has not been deallocated, powered off or started again since the boot was scheduled.</summary>
    private bool StillThisBoot(VmRecord vm, int cycle)
    {
        var now = timeProvider.GetUtcNow();
        return ReferenceEquals(store.Find(vm.ResourceId, now), vm)
            && store.Read(vm, v => v.PowerCycle == cycle && v.StateAt(now) == VmState.Running);
    }

    /// <summary>The guest found no JIT config: the prepared VM powers itself off (stopped, still allocated).</summary>
    private void PowerOff(VmRecord vm, int cycle, TaskCompletionSource<BootState> settled)
    {
        var now = timeProvider.GetUtcNow();
        var poweredOff = store.ChangePower(vm, now, v =>
        {
            if (v.PowerCycle != cycle || v.StateAt(now) != VmState.Running)
            {
                return (false, (VmPowerEventKind?)null);
            }

            v.PoweredOff = true;
            v.PowerCycle++;
            v.BootState = BootState.PoweredOff;
            return (true, VmPowerEventKind.PoweredOff);
        });
        if (poweredOff)
        {
            counters.CountGuestPowerOff();
        }

        settled.TrySetResult(poweredOff ? BootState.PoweredOff : BootState.Skipped);
    }

    /// <summary>IMDS returns the userData as ARM holds it, base64; the guest decodes it once.</summary>
    private static string Decode(string userData) =>
        string.IsNullOrWhiteSpace(userData) ? string.Empty : Encoding.UTF8.GetString(Convert.FromBase64String(userData.Trim()));

    /// <summary>Ends the boot: the VM's boot state changes unless a start has begun another boot since.</summary>
    private void Settle(VmRecord vm, TaskCompletionSource<BootState> settled, BootState state)
    {
        store.Update(vm, v =>
        {
            if (ReferenceEquals(v.BootSettled, settled))
            {
                v.BootState = state;
            }
        });
        settled.TrySetResult(state);
    }

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
        metadata.Dispose();
    }
}
