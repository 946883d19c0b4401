using System.Globalization;

namespace Scaler.Cli.Sandbox;

/// <summary>The app settings of the sandbox: two pools, the emulators' endpoints, Azurite.</summary>
internal static class SandboxSettings
{
    public static Dictionary<string, string?> Create(SandboxOptions options, string storage, string secret, Uri github, Uri arm, long appId, string appKeyPem)
    {
        var subnet = $"/subscriptions/{Sandbox.SubscriptionId}/resourceGroups/network/providers/Microsoft.Network/virtualNetworks/runners/subnets/runners";
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["GitHub:WebhookSecret"] = secret,
            ["GitHub:ApiUrl"] = github.ToString(),
            ["GitHub:AppId"] = appId.ToString(CultureInfo.InvariantCulture),
            ["GitHub:AppPrivateKey"] = appKeyPem,
            ["GitHub:JitConfigsPerMinute"] = options.JitConfigsPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Azure:ManagementEndpoint"] = arm.ToString(),
            ["Scaler:Provisioning:PoolFullRetryDelay"] = "00:00:01",
            ["Scaler:Provisioning:CapacityRetryDelay"] = "00:00:02",
            ["Scaler:Provisioning:ProvisioningGrace"] = options.ProvisioningGrace.ToString("c", CultureInfo.InvariantCulture),
            ["Scaler:Provisioning:LeaseDuration"] = options.LeaseDuration.ToString("c", CultureInfo.InvariantCulture),
            ["Scaler:Provisioning:CreateWatchDelay"] = options.CreateWatchDelay.ToString("c", CultureInfo.InvariantCulture),
            ["Scaler:RunnerUpdates:CacheFor"] = options.RunnerReleaseCacheFor.ToString("c", CultureInfo.InvariantCulture),
        };
        AddPool(settings, 0, "linux-x64", ["linux", "x64"], spot: true, options.LinuxMinIdle, options.LinuxMaxRunners, ["Standard_D2ads_v5", "Standard_D2as_v5"], subnet, options);
        settings["Scaler:Pools:0:KeepUnhealthy"] = options.LinuxKeepUnhealthy.ToString(CultureInfo.InvariantCulture);
        settings["Scaler:Pools:0:Standby:Size"] = options.LinuxStandbySize.ToString(CultureInfo.InvariantCulture);
        AddPool(settings, 1, "gpu", ["linux", "gpu"], spot: false, 0, options.GpuMaxRunners, ["Standard_NC4as_T4_v3"], subnet, options);
        return settings;
    }

    private static void AddPool(Dictionary<string, string?> settings, int index, string name, string[] labels, bool spot, int minIdle, int maxRunners, string[] sizes, string subnet, SandboxOptions options)
    {
        var key = $"Scaler:Pools:{index}:";
        settings[key + "Name"] = name;
        settings[key + "Scope"] = "org";
        settings[key + "Owner"] = Sandbox.Organization;
        settings[key + "ScaleSetId"] = Sandbox.ScaleSetId(name);
        settings[key + "SubnetId"] = subnet;
        settings[key + "Spot"] = spot ? "true" : "false";
        settings[key + "RerunOnEviction"] = spot ? "true" : "false";
        settings[key + "MinIdle"] = minIdle.ToString(CultureInfo.InvariantCulture);
        settings[key + "MaxRunners"] = maxRunners.ToString(CultureInfo.InvariantCulture);
        settings[key + "IdleTimeout"] = options.IdleTimeout.ToString("c", CultureInfo.InvariantCulture);
        settings[key + "BootTimeout"] = options.BootTimeout.ToString("c", CultureInfo.InvariantCulture);
        settings[key + "MaxLifetime"] = "01:00:00";
        for (var i = 0; i < labels.Length; i++)
        {
            settings[$"{key}Labels:{i}"] = labels[i];
        }

        for (var i = 0; i < sizes.Length; i++)
        {
            settings[$"{key}VmSizes:{i}"] = sizes[i];
        }
    }
}
