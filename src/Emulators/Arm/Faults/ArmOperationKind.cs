namespace Scaler.Emulators.Arm.Faults;

/// <summary>The ARM operations the emulator serves; faults and counters are kept per operation.</summary>
public enum ArmOperationKind
{
    CreateOrUpdateVirtualMachine,
    GetVirtualMachine,
    DeleteVirtualMachine,
    ListVirtualMachines,
    GetScaleSet,
    GetOperationStatus,
}

internal static class ArmOperationKindExtensions
{
    public static bool IsWrite(this ArmOperationKind kind) =>
        kind is ArmOperationKind.CreateOrUpdateVirtualMachine or ArmOperationKind.DeleteVirtualMachine;
}
