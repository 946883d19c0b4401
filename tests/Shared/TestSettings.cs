using Microsoft.Extensions.Configuration;

namespace Scaler.Tests.Shared;

/// <summary>App settings for tests, named as the Functions app reads them (":" for "__").</summary>
internal static class TestSettings
{
    public const string Secret = "It's a Secret to Everybody";
    public const string SubnetId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/network/providers/Microsoft.Network/virtualNetworks/runners/subnets/runners";
    public const string ScaleSetId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/runners/providers/Microsoft.Compute/virtualMachineScaleSets/linux-x64";

    /// <summary>An org pool for contoso, a repo pool for octocat/hello-world and a GPU pool.</summary>
    public static Dictionary<string, string?> Values(string? storage = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["GitHub:WebhookSecret"] = Secret,
            ["GitHub:Token"] = "test-token",
            ["Scaler:Pools:0:Name"] = "linux-x64",
            ["Scaler:Pools:0:Labels:0"] = "linux",
            ["Scaler:Pools:0:Labels:1"] = "x64",
            ["Scaler:Pools:0:Scope"] = "org",
            ["Scaler:Pools:0:Owner"] = "contoso",
            ["Scaler:Pools:0:ScaleSetId"] = ScaleSetId,
            ["Scaler:Pools:0:SubnetId"] = SubnetId,
            ["Scaler:Pools:0:VmSizes:0"] = "Standard_D2ads_v5",
            ["Scaler:Pools:0:WarmSchedules:0:Cron"] = "0 8 * * 1-5",
            ["Scaler:Pools:0:WarmSchedules:0:MinIdle"] = "0",
            ["Scaler:Pools:1:Name"] = "octocat",
            ["Scaler:Pools:1:Labels:0"] = "linux",
            ["Scaler:Pools:1:Labels:1"] = "x64",
            ["Scaler:Pools:1:Scope"] = "repo",
            ["Scaler:Pools:1:Owner"] = "octocat/hello-world",
            ["Scaler:Pools:1:ScaleSetId"] = ScaleSetId,
            ["Scaler:Pools:1:SubnetId"] = SubnetId,
            ["Scaler:Pools:1:VmSizes:0"] = "Standard_D2ads_v5",
            ["Scaler:Pools:2:Name"] = "gpu",
            ["Scaler:Pools:2:Labels:0"] = "linux",
            ["Scaler:Pools:2:Labels:1"] = "gpu",
            ["Scaler:Pools:2:Scope"] = "org",
            ["Scaler:Pools:2:Owner"] = "contoso",
            ["Scaler:Pools:2:ScaleSetId"] = ScaleSetId.Replace("linux-x64", "gpu", StringComparison.Ordinal),
            ["Scaler:Pools:2:SubnetId"] = SubnetId,
            ["Scaler:Pools:2:VmSizes:0"] = "Standard_NC4as_T4_v3",
            ["Scaler:Pools:2:AllowedRepositories:0"] = "contoso/ml",
        };
        if (storage is not null)
        {
            values["AzureWebJobsStorage"] = storage;
        }

        return values;
    }

    public static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
