namespace Scaler.Core.Compute;

/// <summary>What Scaler asks of a new runner VM.</summary>
/// <param name="Name">VM name, which is also the computer name and the runner name.</param>
/// <param name="CustomData">The cloud-init document (plain text; the adapter encodes it).</param>
/// <param name="Tags">Tags to put on the VM; never secrets.</param>
public sealed record VmRequest(string ScaleSetId, string Name, IReadOnlyList<string> Sizes, string Image, bool Spot, string CustomData, IReadOnlyDictionary<string, string> Tags)
{
    public override string ToString() => $"VmRequest {{ ScaleSetId = {ScaleSetId}, Name = {Name}, Sizes = {string.Join(',', Sizes)}, Spot = {Spot} }}";
}

/// <summary>The VM that was created: which size and priority the fallbacks ended on.</summary>
public sealed record VmCreated(string Name, string Size, bool Spot);

/// <summary>A VM of a scale set, with the tags Scaler put on it.</summary>
public sealed record RunnerVm(string Name, string Size, bool Spot, string ProvisioningState, IReadOnlyDictionary<string, string> Tags, DateTimeOffset? CreatedAt);
