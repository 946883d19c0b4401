using Scaler.Emulators.Arm.Json;

namespace Scaler.Emulators.Arm.Compute;

/// <summary>The mutable state of one VM; only touched while <see cref="VirtualMachineStore"/> holds its lock.</summary>
internal sealed class VmRecord
{
    public required long Sequence { get; init; }
    public required string SubscriptionId { get; init; }
    public required string ResourceGroup { get; init; }
    public required string Name { get; init; }
    /// <summary>The PUT body; a PATCH replaces it with the new tags.</summary>
    public required VirtualMachineRequest Request { get; set; }
    public required string? DecodedCustomData { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
    public ArmError? ProvisioningFailure { get; init; }
    public string VmId { get; } = Guid.NewGuid().ToString();
    public DateTimeOffset? GoneAt { get; set; }
    public bool Deallocated { get; set; }

    /// <summary>The guest powered the VM off (PowerState/stopped, still allocated).</summary>
    public bool PoweredOff { get; set; }

    /// <summary>When the start under way ends; the VM reports <c>Starting</c> until then.</summary>
    public DateTimeOffset? StartingUntil { get; set; }

    /// <summary>Why the last start failed (its allocation); the VM reports <c>Failed</c> and stays deallocated.</summary>
    public ArmError? StartFailure { get; set; }

    /// <summary>Counts power changes (start, deallocate, power-off); a boot scheduled in one cycle does not happen in another.</summary>
    public int PowerCycle { get; set; }

    /// <summary>
    /// Deallocates the VM, for <see cref="VirtualMachineStore.ChangePower{T}"/>: its guest is off and a new power cycle
    /// begins; false (and no event) when it was deallocated already.
    /// </summary>
    public (bool Changed, Recording.VmPowerEventKind? Recorded) Deallocate()
    {
        if (Deallocated)
        {
            return (false, null);
        }

        Deallocated = true;
        PoweredOff = false;
        PowerCycle++;
        return (true, Recording.VmPowerEventKind.Deallocated);
    }

    /// <summary>The userData as ARM holds it (base64); null or empty when it has none.</summary>
    public string? UserData { get; set; }

    public int UserDataReads { get; set; }

    public BootState BootState { get; set; } = BootState.Pending;
    public string? GuestError { get; set; }

    /// <summary>Completes when the current power cycle's boot settles; a start replaces it.</summary>
    public TaskCompletionSource<BootState> BootSettled { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The error an instance view reports: the failed create's or the failed start's.</summary>
    public ArmError? Failure => ProvisioningFailure ?? StartFailure;

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

        if (now < StartingUntil)
        {
            return VmState.Starting;
        }

        if (StartFailure is not null)
        {
            return VmState.Failed;
        }

        return Deallocated ? VmState.Deallocated : PoweredOff ? VmState.Stopped : VmState.Running;
    }

    public string ProvisioningStateAt(DateTimeOffset now) => StateAt(now) switch
    {
        VmState.Creating => "Creating",
        VmState.Failed => "Failed",
        VmState.Deleting => "Deleting",
        VmState.Starting => "Updating",
        _ => "Succeeded",
    };

    /// <summary>The <c>PowerState/*</c> of the instance view: a failed start leaves the VM deallocated, a failed create stopped.</summary>
    public string PowerStateAt(DateTimeOffset now) => StateAt(now) switch
    {
        VmState.Creating or VmState.Starting => "starting",
        VmState.Running => "running",
        VmState.Deallocated => "deallocated",
        VmState.Failed when StartFailure is not null && ProvisioningFailure is null => "deallocated",
        _ => "stopped",
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
        UserData = string.IsNullOrEmpty(UserData) ? null : UserData,
        UserDataReads = UserDataReads,
        RequestedPublicIp = Request.RequestedPublicIp,
        State = StateAt(now),
        BootState = BootState,
        GuestError = GuestError,
        CreatedAt = CreatedAt,
    };
}
