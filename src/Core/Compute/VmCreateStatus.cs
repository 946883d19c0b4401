using Scaler.Core.Failures;

namespace Scaler.Core.Compute;

/// <summary>Where a VM's create operation is, as its provisioning state says.</summary>
public enum VmCreateState
{
    /// <summary>Azure is still creating it.</summary>
    Creating,

    /// <summary>Provisioned: the VM is there and boots.</summary>
    Succeeded,

    /// <summary>The create failed; the VM is left in state Failed.</summary>
    Failed,

    /// <summary>No VM of that name (deleted, or its create was never accepted).</summary>
    Gone,
}

/// <summary>
/// A VM's create as read from Azure: its state, its size and priority, and for a failed one why it failed, classified
/// as <see cref="ComputeErrors"/> classifies a failed PUT.
/// </summary>
public sealed record VmCreateStatus(VmCreateState State, string Size, bool Spot, FailureKind? Failure = null, string? FailureMessage = null)
{
    public static readonly VmCreateStatus Gone = new(VmCreateState.Gone, "", false);
}
