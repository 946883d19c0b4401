using System.Text;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Scaler.Core.Failures;

namespace Scaler.Core.Compute;

/// <summary>
/// The <see cref="VirtualMachineData"/> of one runner VM, all from its <see cref="VmRequest"/>: in the Flexible scale set,
/// a managed OS disk and a VM-managed NIC on the subnet (both deleted with the VM), no public IP, SSH key only, cloud-init
/// in customData.
/// </summary>
internal static class VmDefinition
{
    /// <summary>Azure's limit on customData, measured after base64 encoding.</summary>
    public const int MaxCustomDataBytes = 64 * 1024;

    public const string AdminUser = "runner";

    /// <summary>The base64 customData, or <see cref="FailureKind.Invalid"/> when it is over 64 KB encoded.</summary>
    public static string EncodeCustomData(string cloudInit)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(cloudInit));
        if (encoded.Length > MaxCustomDataBytes)
        {
            throw ComputeErrors.Failure(FailureKind.Invalid,
                $"The cloud-init document is {encoded.Length} bytes base64-encoded; Azure accepts at most {MaxCustomDataBytes} bytes of customData.");
        }

        return encoded;
    }

    /// <summary>The base64 userData (Azure's limit is the same 64 KB), or <see cref="FailureKind.Invalid"/> when it is over.</summary>
    public static string EncodeUserData(string userData)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(userData));
        if (encoded.Length > MaxCustomDataBytes)
        {
            throw ComputeErrors.Failure(FailureKind.Invalid, $"The userData is {encoded.Length} bytes base64-encoded; Azure accepts at most {MaxCustomDataBytes} bytes.");
        }

        return encoded;
    }

    public static VirtualMachineData Build(VmRequest request, AzureLocation location, string size, bool spot, string customData, ResourceIdentifier subnet, string sshPublicKey)
    {
        var data = new VirtualMachineData(location)
        {
            VirtualMachineScaleSetId = new ResourceIdentifier(request.ScaleSetId),
            HardwareProfile = new VirtualMachineHardwareProfile { VmSize = new VirtualMachineSizeType(size) },
            StorageProfile = new VirtualMachineStorageProfile
            {
                ImageReference = Image(request.Image),
                OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.FromImage)
                {
                    Name = request.Name + "-os",
                    DiskSizeGB = request.OsDiskSizeGb,
                    Caching = CachingType.ReadWrite,
                    DeleteOption = DiskDeleteOptionType.Delete,
                    ManagedDisk = new VirtualMachineManagedDisk { StorageAccountType = StorageAccountType.StandardSsdLrs },
                },
            },
            NetworkProfile = Network(request.Name, subnet),
            OSProfile = new VirtualMachineOSProfile
            {
                ComputerName = request.Name,
                AdminUsername = AdminUser,
                CustomData = customData,
                LinuxConfiguration = new LinuxConfiguration
                {
                    DisablePasswordAuthentication = true,
                    SshPublicKeys =
                    {
                        new SshPublicKeyConfiguration { Path = $"/home/{AdminUser}/.ssh/authorized_keys", KeyData = sshPublicKey },
                    },
                },
            },
        };
        foreach (var (key, value) in request.Tags)
        {
            data.Tags[key] = value;
        }

        if (spot)
        {
            data.Priority = VirtualMachinePriorityType.Spot;
            data.EvictionPolicy = VirtualMachineEvictionPolicyType.Delete;
            data.BillingMaxPrice = -1;
        }
        else
        {
            data.Priority = VirtualMachinePriorityType.Regular;
        }

        return data;
    }

    /// <summary>A VM-managed NIC (network API version 2020-11-01) with one private IP configuration and no public IP.</summary>
    private static VirtualMachineNetworkProfile Network(string vmName, ResourceIdentifier subnetId)
    {
        var ip = new VirtualMachineNetworkInterfaceIPConfiguration(vmName + "-ip")
        {
            Primary = true,
            SubnetId = subnetId,
        };
        var nic = new VirtualMachineNetworkInterfaceConfiguration(vmName + "-nic")
        {
            Primary = true,
            DeleteOption = ComputeDeleteOption.Delete,
        };
        nic.IPConfigurations.Add(ip);
        var network = new VirtualMachineNetworkProfile { NetworkApiVersion = NetworkApiVersion.TwoThousandTwenty1101 };
        network.NetworkInterfaceConfigurations.Add(nic);
        return network;
    }

    /// <summary>A marketplace URN (<c>publisher:offer:sku:version</c>) or an image or gallery image (version) resource id.</summary>
    public static ImageReference Image(string image)
    {
        if (image.StartsWith('/'))
        {
            if (!ResourceIdentifier.TryParse(image, out var id) || id is null)
            {
                throw ComputeErrors.Failure(FailureKind.Invalid, $"Image '{image}' is not a resource id.");
            }

            return new ImageReference { Id = id };
        }

        var parts = image.Split(':');
        if (parts.Length != 4 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw ComputeErrors.Failure(FailureKind.Invalid,
                $"Image '{image}' is neither a URN publisher:offer:sku:version (such as Canonical:ubuntu-24_04-lts:server:latest) nor an image resource id.");
        }

        return new ImageReference { Publisher = parts[0], Offer = parts[1], Sku = parts[2], Version = parts[3] };
    }

    /// <summary>The subnet's resource id; anything else is <see cref="FailureKind.Invalid"/> before Azure is called.</summary>
    public static ResourceIdentifier Subnet(string subnetId)
    {
        if (ResourceIdentifier.TryParse(subnetId, out var id) && id is not null
            && string.Equals(id.ResourceType.ToString(), "Microsoft.Network/virtualNetworks/subnets", StringComparison.OrdinalIgnoreCase))
        {
            return id;
        }

        throw ComputeErrors.Failure(FailureKind.Invalid, $"Subnet '{subnetId}' is not the resource id of a subnet.");
    }
}
