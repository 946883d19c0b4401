using Scaler.Emulators.Arm.Boot;

namespace Scaler.Emulators.Arm;

/// <summary>How the Azure Resource Manager emulator behaves.</summary>
public sealed class ArmEmulatorOptions
{
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>From a VM PUT to its long-running operation reporting Succeeded.</summary>
    public TimeSpan ProvisioningDelay { get; set; } = TimeSpan.Zero;

    /// <summary>From provisioning succeeded to the guest agent booting (reading cloud-init).</summary>
    public TimeSpan BootDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Called when a VM boots and when it is deleted or evicted; none: VMs boot into nothing.</summary>
    public IGuestAgent? GuestAgent { get; set; }

    /// <summary>Seed of the random source behind fault rates.</summary>
    public int FaultSeed { get; set; } = 1;
}
