using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scaler.Emulators.Arm.Json;

/// <summary>The fields of a VM PUT body the emulator reads, plus the raw properties it echoes back.</summary>
internal sealed record VirtualMachineRequest
{
    public required string Location { get; init; }
    public required IReadOnlyDictionary<string, string> Tags { get; init; }
    public required JsonObject Properties { get; init; }
    public string? VmSize { get; init; }
    public string? Priority { get; init; }
    public string? EvictionPolicy { get; init; }
    public double? MaxPrice { get; init; }
    public string? ScaleSetId { get; init; }
    public string? ComputerName { get; init; }
    public string? CustomData { get; init; }

    /// <summary><c>properties.userData</c> as sent (base64); ARM keeps it apart and returns it only with <c>$expand=userData</c>.</summary>
    public string? UserData { get; init; }

    public bool RequestedPublicIp { get; init; }

    /// <summary>Parses a PUT body; returns null and an error when it is not a VM as ARM expects it.</summary>
    public static VirtualMachineRequest? Parse(ReadOnlySpan<byte> body, out ArmError? error)
    {
        error = null;
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException ex)
        {
            error = ArmError.BadRequest("InvalidRequestContent", $"The request content was invalid and could not be deserialized: '{ex.Message}'.");
            return null;
        }

        if (root is null)
        {
            error = ArmError.BadRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized: expected a JSON object.");
            return null;
        }

        var location = Text(root["location"]);
        if (string.IsNullOrWhiteSpace(location))
        {
            error = ArmError.BadRequest("LocationRequired", "The location property is required for this definition.");
            return null;
        }

        var properties = root["properties"] as JsonObject ?? [];
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root["tags"] is JsonObject tagObject)
        {
            foreach (var (key, value) in tagObject)
            {
                tags[key] = Text(value) ?? string.Empty;
            }
        }

        return new VirtualMachineRequest
        {
            Location = location,
            Tags = tags,
            Properties = (JsonObject)properties.DeepClone(),
            VmSize = Text(properties["hardwareProfile"]?["vmSize"]),
            Priority = Text(properties["priority"]),
            EvictionPolicy = Text(properties["evictionPolicy"]),
            MaxPrice = Number(properties["billingProfile"]?["maxPrice"]),
            ScaleSetId = Text(properties["virtualMachineScaleSet"]?["id"]),
            ComputerName = Text(properties["osProfile"]?["computerName"]),
            CustomData = Text(properties["osProfile"]?["customData"]),
            UserData = Text(properties["userData"]),
            RequestedPublicIp = HasPublicIp(properties["networkProfile"]),
        };
    }

    private static bool HasPublicIp(JsonNode? networkProfile)
    {
        if (networkProfile?["networkInterfaceConfigurations"] is not JsonArray nics)
        {
            return false;
        }

        return nics
            .Select(nic => nic?["properties"]?["ipConfigurations"] as JsonArray)
            .Where(ipConfigurations => ipConfigurations is not null)
            .SelectMany(ipConfigurations => ipConfigurations!)
            .Any(ipConfiguration => ipConfiguration?["properties"]?["publicIPAddressConfiguration"] is JsonObject);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
