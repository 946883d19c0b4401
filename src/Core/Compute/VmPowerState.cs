namespace Scaler.Core.Compute;

/// <summary>A VM's power state, from the <c>PowerState/*</c> status of its instance view.</summary>
public enum VmPowerState
{
    /// <summary>No power state reported yet (the VM is still being created), or one Scaler does not know.</summary>
    Unknown,

    Starting,

    Running,

    Stopping,

    /// <summary>Powered off from inside (a prepared standby VM does this): still allocated, still billed for compute.</summary>
    Stopped,

    Deallocating,

    /// <summary>Stopped and deallocated: billed for its disks only.</summary>
    Deallocated,

    /// <summary>No VM of that name.</summary>
    Gone,
}
