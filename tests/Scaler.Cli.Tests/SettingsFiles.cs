using System.Text.Json;

namespace Scaler.Cli.Tests;

/// <summary>local.settings.json-style files in a temporary directory: a valid one, and variations of it.</summary>
internal sealed class SettingsFiles : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("scaler-settings-");

    /// <summary>Valid settings: an App, one org pool open to every repository of contoso, MaxRunners set.</summary>
    public static Dictionary<string, string> Valid() => new()
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["GitHub__WebhookSecret"] = "0123456789abcdef0123456789abcdef",
        ["GitHub__AppId"] = "4242",
        ["GitHub__AppPrivateKey"] = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
        ["Scaler__Pools__0__Name"] = "linux-x64",
        ["Scaler__Pools__0__Labels__0"] = "linux",
        ["Scaler__Pools__0__Scope"] = "org",
        ["Scaler__Pools__0__Owner"] = "contoso",
        ["Scaler__Pools__0__ScaleSetId"] = "/subscriptions/00000000-0000-0000-0000-00000000c0de/resourceGroups/runners/providers/Microsoft.Compute/virtualMachineScaleSets/linux-x64",
        ["Scaler__Pools__0__SubnetId"] = "/subscriptions/00000000-0000-0000-0000-00000000c0de/resourceGroups/network/providers/Microsoft.Network/virtualNetworks/runners/subnets/runners",
        ["Scaler__Pools__0__VmSizes__0"] = "Standard_D2ads_v5",
        ["Scaler__Pools__0__MaxRunners"] = "10",
    };

    public string Write(string name, IReadOnlyDictionary<string, string> values)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, JsonSerializer.Serialize(new { IsEncrypted = false, Values = values }));
        return path;
    }

    public string Write(string name, Action<Dictionary<string, string>> change)
    {
        var values = Valid();
        change(values);
        return Write(name, values);
    }

    public string PathOf(string name) => Path.Combine(directory.FullName, name);

    public void Dispose() => directory.Delete(recursive: true);
}
