using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using Microsoft.Extensions.Time.Testing;
using Scaler.Emulators.Arm;
using Scaler.Emulators.Arm.Boot;
using Scaler.Emulators.Arm.Throttling;
using Scaler.Emulators.Arm.Timing;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>An emulator on a fake clock, a real ArmClient pointed at it, and a Flexible scale set to put VMs in.</summary>
internal sealed class ArmTestHost : IAsyncDisposable
{
    public const string SubscriptionId = "11111111-2222-3333-4444-555555555555";
    public const string ResourceGroupName = "rg-runners";
    public const string Location = "westeurope";

    private ArmTestHost(ArmEmulator emulator, FakeTimeProvider time, RecordingGuestAgent agent, int maxRetries)
    {
        Emulator = emulator;
        Time = time;
        Agent = agent;
        Client = CreateClient(emulator, new FixedTokenCredential(), maxRetries);
        ScaleSetId = new ResourceIdentifier(emulator.AddScaleSet(ScaleSetResourceId("vmss-runners"), Location).ResourceId);
    }

    public ArmEmulator Emulator { get; }
    public FakeTimeProvider Time { get; }
    public RecordingGuestAgent Agent { get; }
    public ArmClient Client { get; }
    public ResourceIdentifier ScaleSetId { get; }

    public ResourceGroupResource ResourceGroup =>
        Client.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(SubscriptionId, ResourceGroupName));

    public VirtualMachineCollection VirtualMachines => ResourceGroup.GetVirtualMachines();

    public static async Task<ArmTestHost> StartAsync(
        TimeSpan? provisioningDelay = null, TimeSpan? bootDelay = null, TimeSpan? deletionDelay = null, int listPageSize = 50, int writeBurst = 200, int maxRetries = 3,
        IGuestAgent? agent = null, ArmTimingProfile? timing = null, ComputeThrottlingPolicy? computeThrottling = null,
        TimeSpan? startDelay = null, TimeSpan? preparedBootDelay = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var recorder = new RecordingGuestAgent();
        var emulator = await ArmEmulator.StartAsync(new ArmEmulatorOptions
        {
            TimeProvider = time,
            ProvisioningDelay = provisioningDelay ?? TimeSpan.Zero,
            BootDelay = bootDelay ?? TimeSpan.FromSeconds(30),
            DeletionDelay = deletionDelay ?? TimeSpan.Zero,
            StartDelay = startDelay ?? TimeSpan.FromSeconds(40),
            PreparedBootDelay = preparedBootDelay ?? TimeSpan.FromSeconds(15),
            GuestAgent = agent ?? recorder,
            ListPageSize = listPageSize,
            WriteBurst = writeBurst,
            WriteRefillPerSecond = 1,
            Timing = timing,
            ComputeThrottling = computeThrottling,
        }, CancellationToken.None);
        return new ArmTestHost(emulator, time, recorder, maxRetries);
    }

    public static string ScaleSetResourceId(string name) =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}/providers/Microsoft.Compute/virtualMachineScaleSets/{name}";

    public static ArmClient CreateClient(ArmEmulator emulator, TokenCredential credential, int maxRetries)
    {
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(emulator.BaseUri, "https://management.azure.com"),
            Transport = new HttpClientTransport(emulator.CreateTrustingHandler()),
        };
        options.Retry.Mode = RetryMode.Fixed;
        options.Retry.Delay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxRetries = maxRetries;
        return new ArmClient(credential, SubscriptionId, options);
    }

    /// <summary>A Spot VM in the scale set, as the scaler builds one.</summary>
    public VirtualMachineData NewVm(string cloudInit = "#cloud-config\n", string size = "Standard_D2s_v5", ResourceIdentifier? scaleSetId = null)
    {
        var data = new VirtualMachineData(new AzureLocation(Location))
        {
            VirtualMachineScaleSetId = scaleSetId ?? ScaleSetId,
            Priority = VirtualMachinePriorityType.Spot,
            EvictionPolicy = VirtualMachineEvictionPolicyType.Delete,
            BillingMaxPrice = -1,
            HardwareProfile = new VirtualMachineHardwareProfile { VmSize = new VirtualMachineSizeType(size) },
            StorageProfile = new VirtualMachineStorageProfile
            {
                ImageReference = new ImageReference { Publisher = "Canonical", Offer = "ubuntu-24_04-lts", Sku = "server", Version = "latest" },
                OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.FromImage) { DeleteOption = DiskDeleteOptionType.Delete },
            },
            OSProfile = new VirtualMachineOSProfile
            {
                ComputerName = "runner",
                AdminUsername = "runner",
                CustomData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(cloudInit)),
                LinuxConfiguration = new LinuxConfiguration
                {
                    DisablePasswordAuthentication = true,
                    SshPublicKeys = { new SshPublicKeyConfiguration { Path = "/home/runner/.ssh/authorized_keys", KeyData = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE runner" } },
                },
            },
            NetworkProfile = new VirtualMachineNetworkProfile
            {
                NetworkApiVersion = NetworkApiVersion.TwoThousandTwenty1101,
                NetworkInterfaceConfigurations =
                {
                    new VirtualMachineNetworkInterfaceConfiguration("nic")
                    {
                        Primary = true,
                        DeleteOption = ComputeDeleteOption.Delete,
                        IPConfigurations =
                        {
                            new VirtualMachineNetworkInterfaceIPConfiguration("ipconfig")
                            {
                                SubnetId = new ResourceIdentifier($"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/runners"),
                            },
                        },
                    },
                },
            },
        };
        data.Tags["pool"] = "linux-x64";
        return data;
    }

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}

/// <summary>A credential that always hands out the same token.</summary>
internal sealed class FixedTokenCredential(string token = "emulator-token") : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
