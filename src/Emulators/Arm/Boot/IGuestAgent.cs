using Scaler.Emulators.Arm.Compute;

namespace Scaler.Emulators.Arm.Boot;

/// <summary>What the emulator found in a VM's cloud-init when it booted.</summary>
/// <param name="JitConfig">The encoded JIT runner config (base64 of a JSON map with a <c>.runner</c> key), if any.</param>
/// <param name="RunnerVersion">The runner version from an <c>actions-runner-linux-x64-X.Y.Z.tar.gz</c> reference, if any.</param>
/// <param name="CloudInit">The decoded customData.</param>
public sealed record BootInfo(string? JitConfig, string? RunnerVersion, string? CloudInit);

/// <summary>The software inside an emulated VM: told when the VM boots and when it goes away.</summary>
public interface IGuestAgent
{
    Task BootAsync(EmulatedVm vm, BootInfo info, CancellationToken cancellationToken);

    Task ShutdownAsync(EmulatedVm vm, CancellationToken cancellationToken);
}

/// <summary>A guest that does nothing.</summary>
public sealed class NoGuestAgent : IGuestAgent
{
    public static NoGuestAgent Instance { get; } = new();

    public Task BootAsync(EmulatedVm vm, BootInfo info, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ShutdownAsync(EmulatedVm vm, CancellationToken cancellationToken) => Task.CompletedTask;
}
