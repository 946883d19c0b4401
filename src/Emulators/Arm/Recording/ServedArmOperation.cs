using Scaler.Emulators.Arm.Faults;

namespace Scaler.Emulators.Arm.Recording;

/// <summary>
/// One kind of ARM request the emulator served: the HTTP method, the resource type it addressed, the action of a
/// POST (such as <c>deallocate</c>), and the scope it was made at (a resource group's id, or a subscription's for
/// subscription-level routes such as the Compute operation status).
/// </summary>
public sealed record ServedArmOperation(ArmOperationKind Kind, string Method, string ResourceType, string? Action, string Scope)
{
    /// <summary>Whether the request addressed a collection (a list) rather than one resource.</summary>
    public bool IsList => Kind == ArmOperationKind.ListVirtualMachines;

    public override string ToString() =>
        $"{Method} {ResourceType}{(Action is null ? "" : "/" + Action)}{(IsList ? " (list)" : "")} at {Scope}";

    /// <summary>The operation <paramref name="kind"/> describes, made in that subscription and resource group (null for none).</summary>
    public static ServedArmOperation For(ArmOperationKind kind, string subscriptionId, string? resourceGroup)
    {
        var (method, type, action) = Describe(kind);
        var scope = string.IsNullOrEmpty(resourceGroup) || kind is ArmOperationKind.GetResourceGroup
            ? $"/subscriptions/{subscriptionId}"
            : $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}";
        return new ServedArmOperation(kind, method, type, action, scope);
    }

    private static (string Method, string ResourceType, string? Action) Describe(ArmOperationKind kind) => kind switch
    {
        ArmOperationKind.CreateOrUpdateVirtualMachine => ("PUT", "Microsoft.Compute/virtualMachines", null),
        ArmOperationKind.GetVirtualMachine => ("GET", "Microsoft.Compute/virtualMachines", null),
        ArmOperationKind.ListVirtualMachines => ("GET", "Microsoft.Compute/virtualMachines", null),
        ArmOperationKind.UpdateVirtualMachine => ("PATCH", "Microsoft.Compute/virtualMachines", null),
        ArmOperationKind.DeleteVirtualMachine => ("DELETE", "Microsoft.Compute/virtualMachines", null),
        ArmOperationKind.DeallocateVirtualMachine => ("POST", "Microsoft.Compute/virtualMachines", "deallocate"),
        ArmOperationKind.StartVirtualMachine => ("POST", "Microsoft.Compute/virtualMachines", "start"),
        ArmOperationKind.GetVirtualMachineInstanceView => ("GET", "Microsoft.Compute/virtualMachines/instanceView", null),
        ArmOperationKind.GetScaleSet => ("GET", "Microsoft.Compute/virtualMachineScaleSets", null),
        ArmOperationKind.GetOperationStatus => ("GET", "Microsoft.Compute/locations/operations", null),
        ArmOperationKind.GetSubscription => ("GET", "Microsoft.Resources/subscriptions", null),
        ArmOperationKind.GetResourceGroup => ("GET", "Microsoft.Resources/subscriptions/resourceGroups", null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "an operation the emulator does not describe"),
    };
}
