using System.Globalization;
using Microsoft.Extensions.Configuration;
using Scaler.Cli.Hosting;

namespace Scaler.Cli.Simulation;

/// <summary>
/// The settings a simulation runs on: the <c>Values</c> of a settings file (pools, provisioning, the <c>Simulation</c>
/// section), or, without one, two example pools for the organization <c>contoso</c>. Environment variables are not
/// read, so a run depends on its files alone. Credentials are not needed and a placeholder token is added.
/// </summary>
internal static class SimulationSettings
{
    public const string Organization = "contoso";

    /// <summary>Pay-as-you-go Linux prices per hour in USD (East US) of the example pools' sizes.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> DefaultPrices = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        ["Standard_D2ads_v5"] = 0.103m,
        ["Standard_D8ads_v5"] = 0.412m,
    };

    public static IConfiguration Load(string? path)
    {
        var values = path is null ? ExamplePools() : SettingsFile.ReadValues(path);
        if (!values.ContainsKey("GitHub:Token") && !values.ContainsKey("GitHub:AppId"))
        {
            values["GitHub:Token"] = "simulated";
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    public static SimulationOptions Options(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.GetSection(SimulationOptions.Section).Get<SimulationOptions>() ?? new SimulationOptions();
        if (options.Prices.Count == 0)
        {
            foreach (var (size, price) in DefaultPrices)
            {
                options.Prices[size] = price;
            }
        }

        return options;
    }

    /// <summary><c>linux-x64</c> (labels linux, x64; D2ads_v5, up to 100 VMs) and <c>linux-x64-large</c> (also <c>large</c>; D8ads_v5, up to 20).</summary>
    public static Dictionary<string, string?> ExamplePools()
    {
        var values = new Dictionary<string, string?>();
        AddPool(values, 0, "linux-x64", ["linux", "x64"], "Standard_D2ads_v5", 100);
        AddPool(values, 1, "linux-x64-large", ["linux", "x64", "large"], "Standard_D8ads_v5", 20);
        return values;
    }

    private static void AddPool(Dictionary<string, string?> values, int index, string name, string[] labels, string size, int maxRunners)
    {
        const string Subscription = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/runners";
        var key = $"Scaler:Pools:{index}:";
        values[key + "Name"] = name;
        values[key + "Scope"] = "org";
        values[key + "Owner"] = Organization;
        values[key + "ScaleSetId"] = $"{Subscription}/providers/Microsoft.Compute/virtualMachineScaleSets/{name}";
        values[key + "SubnetId"] = $"{Subscription}/providers/Microsoft.Network/virtualNetworks/runners/subnets/runners";
        values[key + "VmSizes:0"] = size;
        values[key + "MaxRunners"] = maxRunners.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < labels.Length; i++)
        {
            values[$"{key}Labels:{i}"] = labels[i];
        }
    }
}
