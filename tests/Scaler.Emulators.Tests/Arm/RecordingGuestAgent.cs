using System.Collections.Concurrent;
using Scaler.Emulators.Arm.Boot;
using Scaler.Emulators.Arm.Compute;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>A guest agent that records what it was told and lets tests await it.</summary>
internal sealed class RecordingGuestAgent : IGuestAgent
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<BootInfo>> boots = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<EmulatedVm>> shutdowns = new();

    public int BootCalls => boots.Values.Count(b => b.Task.IsCompleted);

    public Task BootAsync(EmulatedVm vm, BootInfo info, CancellationToken cancellationToken)
    {
        Boot(vm.Name).TrySetResult(info);
        return Task.CompletedTask;
    }

    public Task ShutdownAsync(EmulatedVm vm, CancellationToken cancellationToken)
    {
        Shutdown(vm.Name).TrySetResult(vm);
        return Task.CompletedTask;
    }

    public Task<BootInfo> WhenBootedAsync(string name) => Boot(name).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public Task<EmulatedVm> WhenShutDownAsync(string name) => Shutdown(name).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public bool WasBooted(string name) => boots.TryGetValue(name, out var boot) && boot.Task.IsCompleted;

    public bool WasShutDown(string name) => shutdowns.TryGetValue(name, out var shutdown) && shutdown.Task.IsCompleted;

    private TaskCompletionSource<BootInfo> Boot(string name) =>
        boots.GetOrAdd(name, _ => new TaskCompletionSource<BootInfo>(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource<EmulatedVm> Shutdown(string name) =>
        shutdowns.GetOrAdd(name, _ => new TaskCompletionSource<EmulatedVm>(TaskCreationOptions.RunContinuationsAsynchronously));
}
