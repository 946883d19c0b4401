namespace Scaler.Emulators.Arm.Compute;

/// <summary>The parts of an ARM resource id the emulator needs.</summary>
internal sealed record ResourceId(string SubscriptionId, string ResourceGroup, string Provider, string Type, string Name)
{
    public static ResourceId? TryParse(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var parts = id.Trim('/').Split('/');
        if (parts.Length != 8
            || !parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            || !parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            || !parts[4].Equals("providers", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return new ResourceId(parts[1], parts[3], parts[5], parts[6], parts[7]);
    }

    public static string VirtualMachine(string subscriptionId, string resourceGroup, string name) =>
        $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Compute/virtualMachines/{name}";

    public static string ScaleSet(string subscriptionId, string resourceGroup, string name) =>
        $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/{name}";

    public bool IsScaleSet =>
        Provider.Equals("Microsoft.Compute", StringComparison.OrdinalIgnoreCase)
        && Type.Equals("virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase);

    public string Canonical =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/{Provider}/{Type}/{Name}";
}
