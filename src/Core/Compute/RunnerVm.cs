namespace Scaler.Core.Compute;

/// <summary>Everything a new runner VM is made of: the adapter adds nothing of its own but the region of the scale set.</summary>
public sealed record VmRequest
{
    /// <summary>Full resource id of the Flexible scale set the VM joins; the VM goes into its resource group and region.</summary>
    public required string ScaleSetId { get; init; }

    /// <summary>VM name, which is also the computer name and the runner name.</summary>
    public required string Name { get; init; }

    /// <summary>VM sizes in order of preference; the next is tried on quota, SKU and capacity errors.</summary>
    public required IReadOnlyList<string> Sizes { get; init; }

    /// <summary>Marketplace URN (<c>publisher:offer:sku:version</c>) or image resource id.</summary>
    public required string Image { get; init; }

    /// <summary>Spot priority first (falling back to Regular when there is no Spot capacity).</summary>
    public required bool Spot { get; init; }

    /// <summary>Resource id of the subnet the VM's NIC joins; the VM gets no public IP.</summary>
    public required string SubnetId { get; init; }

    /// <summary>OS disk size in GiB.</summary>
    public required int OsDiskSizeGb { get; init; }

    /// <summary>An SSH public key for the <c>runner</c> user; empty: nobody can log in.</summary>
    public required string SshPublicKey { get; init; }

    /// <summary>The cloud-init document (plain text; the adapter encodes it). It holds the JIT config: never logged.</summary>
    public required string CustomData { get; init; }

    /// <summary>Tags to put on the VM; never secrets.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    public override string ToString() => $"VmRequest {{ ScaleSetId = {ScaleSetId}, Name = {Name}, Sizes = {string.Join(',', Sizes)}, Spot = {Spot} }}";
}

/// <summary>The VM that was created: which size and priority the fallbacks ended on.</summary>
public sealed record VmCreated(string Name, string Size, bool Spot);

/// <summary>A VM of a scale set, with the tags Scaler put on it.</summary>
public sealed record RunnerVm(string Name, string Size, bool Spot, string ProvisioningState, IReadOnlyDictionary<string, string> Tags, DateTimeOffset? CreatedAt);
