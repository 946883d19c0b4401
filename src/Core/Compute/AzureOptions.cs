namespace Scaler.Core.Compute;

/// <summary>The <c>Azure</c> settings section.</summary>
public sealed class AzureOptions
{
    public const string Section = "Azure";

    /// <summary>Azure Resource Manager: <c>https://management.azure.com</c>, a sovereign cloud's, or an emulator's.</summary>
    public Uri ManagementEndpoint { get; set; } = new("https://management.azure.com");

    /// <summary>Client id of the user-assigned managed identity; empty: <c>DefaultAzureCredential</c>.</summary>
    public string ClientId { get; set; } = "";
}
