using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using Scaler.Emulators.Arm;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>A started ARM emulator with one Flexible and one Uniform scale set, and the real ArmClient on it.</summary>
internal sealed class ArmHarness : IAsyncDisposable
{
    public const string Subscription = "00000000-0000-0000-0000-000000000001";
    public const string Group = "runners";
    public static readonly string FlexibleId = $"/subscriptions/{Subscription}/resourceGroups/{Group}/providers/Microsoft.Compute/virtualMachineScaleSets/linux-x64";
    public static readonly string UniformId = $"/subscriptions/{Subscription}/resourceGroups/{Group}/providers/Microsoft.Compute/virtualMachineScaleSets/uniform";
    public static readonly string SubnetId = $"/subscriptions/{Subscription}/resourceGroups/network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/runners";

    private ArmHarness(ArmEmulator emulator)
    {
        Emulator = emulator;
        Client = new ArmClient(new FixedToken(), Subscription, new ArmClientOptions
        {
            Environment = new ArmEnvironment(emulator.BaseUri, "https://management.azure.com"),
            Transport = new HttpClientTransport(emulator.CreateTrustingHandler()),
            Retry = { Delay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50), MaxRetries = 3 },
        });
    }

    public ArmEmulator Emulator { get; }

    public ArmClient Client { get; }

    public VirtualMachineCollection Vms =>
        Client.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(Subscription, Group)).GetVirtualMachines();

    public static async Task<ArmHarness> StartAsync(ArmEmulatorOptions? options = null)
    {
        var emulator = new ArmEmulator(options ?? new ArmEmulatorOptions());
        await emulator.StartAsync(CancellationToken.None);
        emulator.AddScaleSet(FlexibleId, "westeurope");
        emulator.AddScaleSet(UniformId, "westeurope", "Uniform");
        return new ArmHarness(emulator);
    }

    public static VirtualMachineData Vm(string size = "Standard_D2ads_v5", bool spot = false, string? customData = null, string scaleSetId = "")
    {
        var data = new VirtualMachineData(new AzureLocation("westeurope"))
        {
            VirtualMachineScaleSetId = new ResourceIdentifier(scaleSetId.Length > 0 ? scaleSetId : FlexibleId),
            HardwareProfile = new VirtualMachineHardwareProfile { VmSize = new VirtualMachineSizeType(size) },
            OSProfile = new VirtualMachineOSProfile
            {
                ComputerName = "runner",
                AdminUsername = "runner",
                CustomData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(customData ?? "#cloud-config\n")),
                LinuxConfiguration = new LinuxConfiguration { DisablePasswordAuthentication = true },
            },
            NetworkProfile = new VirtualMachineNetworkProfile { NetworkApiVersion = NetworkApiVersion.TwoThousandTwenty1101 },
        };
        data.NetworkProfile.NetworkInterfaceConfigurations.Add(new VirtualMachineNetworkInterfaceConfiguration("nic")
        {
            Primary = true,
            IPConfigurations = { new VirtualMachineNetworkInterfaceIPConfiguration("ip") { SubnetId = new ResourceIdentifier(SubnetId) } },
        });
        data.Tags["scaler-pool"] = "linux-x64";
        if (spot)
        {
            data.Priority = VirtualMachinePriorityType.Spot;
            data.EvictionPolicy = VirtualMachineEvictionPolicyType.Delete;
            data.BillingMaxPrice = -1;
        }

        return data;
    }

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();

    private sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("emulator-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
