using Scaler.Emulators.Arm.Json;

namespace Scaler.Emulators.Arm.Compute;

/// <summary>The mutable state of one VM; only touched while <see cref="VirtualMachineStore"/> holds its lock.</summary>
internal sealed class VmRecord
{
    public required long Sequence { get; init; }
    public required string SubscriptionId { get; init; }
    public required string ResourceGroup { get; init; }
    public required string Name { get; init; }
    /// <summary>The PUT body; a PATCH replaces it with the tags merged in.</summary>
    public required VirtualMachineRequest Request { get; set; }
    public required string? DecodedCustomData { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
    public ArmError? ProvisioningFailure { get; init; }
    public string VmId { get; } = Guid.NewGuid().ToString();
    public DateTimeOffset? GoneAt { get; set; }
    public bool Deallocated { get; set; }
    public BootState BootState { get; set; } = BootState.Pending;
    public string? GuestError { get; set; }
    public TaskCompletionSource<BootState> BootSettled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ResourceId => Compute.ResourceId.VirtualMachine(SubscriptionId, ResourceGroup, Name);

    public VmState StateAt(DateTimeOffset now)
    {
        if (GoneAt is not null)
        {
            return VmState.Deleting;
        }

        if (now < ReadyAt)
        {
            return VmState.Creating;
        }

        if (ProvisioningFailure is not null)
        {
            return VmState.Failed;
        }

        return Deallocated ? VmState.Deallocated : VmState.Running;
    }

    public string ProvisioningStateAt(DateTimeOffset now) => StateAt(now) switch
    {
        VmState.Creating => "Creating",
        VmState.Failed => "Failed",
        VmState.Deleting => "Deleting",
        _ => "Succeeded",
    };

    public EmulatedVm Snapshot(DateTimeOffset now) => new()
    {
        Name = Name,
        ResourceId = ResourceId,
        ResourceGroup = ResourceGroup,
        Location = Request.Location,
        ScaleSetId = Request.ScaleSetId,
        Tags = new Dictionary<string, string>(Request.Tags, StringComparer.OrdinalIgnoreCase),
        VmSize = Request.VmSize,
        Priority = Request.Priority,
        EvictionPolicy = Request.EvictionPolicy,
        MaxPrice = Request.MaxPrice,
        ComputerName = Request.ComputerName,
        CustomData = DecodedCustomData,
        RequestedPublicIp = Request.RequestedPublicIp,
        State = StateAt(now),
        BootState = BootState,
        GuestError = GuestError,
        CreatedAt = CreatedAt,
    };
}
