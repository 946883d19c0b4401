using System.Text.Json.Nodes;

namespace Scaler.Emulators.Arm;

/// <summary>Reads what ARM validates out of a VM PUT body, and writes VM and scale set documents.</summary>
internal static class VirtualMachineDocuments
{
    public static string? ScaleSetId(JsonObject body) => body["properties"]?["virtualMachineScaleSet"]?["id"]?.GetValue<string>();

    public static string Size(JsonObject body) => body["properties"]?["hardwareProfile"]?["vmSize"]?.GetValue<string>() ?? "";

    public static string Priority(JsonObject body) => body["properties"]?["priority"]?.GetValue<string>() ?? "Regular";

    public static string? EvictionPolicy(JsonObject body) => body["properties"]?["evictionPolicy"]?.GetValue<string>();

    public static string? CustomData(JsonObject body) => body["properties"]?["osProfile"]?["customData"]?.GetValue<string>();

    public static Dictionary<string, string> Tags(JsonObject body) =>
        body["tags"] is JsonObject tags ? tags.ToDictionary(t => t.Key, t => t.Value?.GetValue<string>() ?? "") : [];

    public static IEnumerable<JsonObject> IpConfigurations(JsonObject body) =>
        (body["properties"]?["networkProfile"]?["networkInterfaceConfigurations"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .SelectMany(nic => nic["properties"]?["ipConfigurations"] as JsonArray ?? [])
            .OfType<JsonObject>();

    public static bool HasPublicIp(JsonObject body) =>
        IpConfigurations(body).Any(ip => ip["properties"]?["publicIPAddressConfiguration"] is not null);

    public static List<string> SubnetIds(JsonObject body) =>
        [.. IpConfigurations(body).Select(ip => ip["properties"]?["subnet"]?["id"]?.GetValue<string>()).OfType<string>()];

    /// <summary>The VM as GET returns it: the PUT body with id, name, type and provisioning state.</summary>
    public static JsonObject Render(EmulatedVm vm)
    {
        var document = (JsonObject)vm.Document.DeepClone();
        document["id"] = vm.Id;
        document["name"] = vm.Name;
        document["type"] = "Microsoft.Compute/virtualMachines";
        var properties = document["properties"] as JsonObject ?? [];
        document["properties"] = properties;
        properties["provisioningState"] = vm.ProvisioningState;
        properties["vmId"] = Guid.NewGuid().ToString();
        properties["timeCreated"] = vm.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        if (properties["osProfile"] is JsonObject os)
        {
            os.Remove("customData");
        }

        return document;
    }

    public static JsonObject Render(ScaleSet scaleSet) => new()
    {
        ["id"] = scaleSet.Id,
        ["name"] = scaleSet.Id.Split('/')[^1],
        ["type"] = "Microsoft.Compute/virtualMachineScaleSets",
        ["location"] = scaleSet.Location,
        ["properties"] = new JsonObject
        {
            ["orchestrationMode"] = scaleSet.OrchestrationMode,
            ["singlePlacementGroup"] = false,
            ["platformFaultDomainCount"] = 1,
            ["provisioningState"] = "Succeeded",
        },
    };
}
