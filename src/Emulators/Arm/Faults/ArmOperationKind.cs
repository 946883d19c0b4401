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
    GetVirtualMachineInstanceView,
    GetSubscription,
    GetResourceGroup,
    UpdateVirtualMachine,
    DeallocateVirtualMachine,
    StartVirtualMachine,
}

internal static class ArmOperationKindExtensions
{
    public static bool IsWrite(this ArmOperationKind kind) =>
        kind is ArmOperationKind.CreateOrUpdateVirtualMachine or ArmOperationKind.DeleteVirtualMachine
            or ArmOperationKind.UpdateVirtualMachine or ArmOperationKind.DeallocateVirtualMachine
            or ArmOperationKind.StartVirtualMachine;

    /// <summary>Microsoft.Compute routes check the api-version against the Compute versions; Microsoft.Resources routes take any.</summary>
    public static bool IsCompute(this ArmOperationKind kind) =>
        kind is not (ArmOperationKind.GetSubscription or ArmOperationKind.GetResourceGroup);
}
