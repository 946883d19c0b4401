using System.Text.Json.Nodes;

namespace Scaler.Emulators.Arm;

/// <summary>A VM as the emulator holds it, for tests to inspect.</summary>
public sealed record EmulatedVm(
    string Id,
    string Name,
    string ScaleSetId,
    string Size,
    string Priority,
    string? EvictionPolicy,
    IReadOnlyDictionary<string, string> Tags,
    string CustomData,
    bool HasPublicIp,
    IReadOnlyList<string> SubnetIds,
    DateTimeOffset CreatedAt)
{
    /// <summary><c>Creating</c>, <c>Succeeded</c> or <c>Deleting</c>.</summary>
    public string ProvisioningState { get; internal set; } = "Creating";

    public bool Booted { get; internal set; }

    internal JsonObject Document { get; init; } = [];
}
