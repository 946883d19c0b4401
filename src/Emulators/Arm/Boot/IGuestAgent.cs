namespace Scaler.Emulators.Arm.Boot;

/// <summary>What a booted VM found in its cloud-init.</summary>
/// <param name="JitConfig">An encoded just-in-time runner configuration, when one was found.</param>
/// <param name="RunnerVersion">The runner version the VM installs, from the tarball's name.</param>
public sealed record BootInfo(string? JitConfig, string? RunnerVersion);

/// <summary>The software inside an emulated VM.</summary>
public interface IGuestAgent
{
    Task BootAsync(EmulatedVm vm, BootInfo info, CancellationToken cancellationToken);

    /// <summary>The VM was deleted or evicted.</summary>
    Task ShutdownAsync(EmulatedVm vm, CancellationToken cancellationToken);
}
