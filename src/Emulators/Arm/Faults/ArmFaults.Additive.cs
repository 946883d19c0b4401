namespace Scaler.Emulators.Arm.Faults;

/// <summary>
/// Faults a long run adds one at a time (a soak owes a boot failure here, a Spot allocation failure there): each call
/// adds to what is pending instead of replacing it, and what is still pending can be read, so the run can count what
/// was applied.
/// </summary>
public sealed partial class ArmFaults
{
    private long quotaRefusals;

    /// <summary>Creations refused with OperationNotAllowed because of <see cref="ExceedQuota"/>.</summary>
    public long QuotaRefusals
    {
        get
        {
            lock (gate)
            {
                return quotaRefusals;
            }
        }
    }

    /// <summary>Guests of VMs still to be created that will never boot (<see cref="FailNextBoots"/> and <see cref="AddBootFailures"/>).</summary>
    public int PendingBootFailures
    {
        get
        {
            lock (gate)
            {
                return nextBootFailures;
            }
        }
    }

    /// <summary>Spot creations still to fail during provisioning (<see cref="FailSpotAllocations"/> and <see cref="AddSpotAllocationFailures"/>).</summary>
    public int PendingSpotAllocationFailures
    {
        get
        {
            lock (gate)
            {
                return Math.Max(spotFailures.Remaining, 0);
            }
        }
    }

    /// <summary>Adds <paramref name="count"/> to the VMs whose guests will never boot.</summary>
    public void AddBootFailures(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            nextBootFailures += count;
        }
    }

    /// <summary>Adds <paramref name="count"/> to the Spot creations that fail with OverconstrainedAllocationRequest during provisioning.</summary>
    public void AddSpotAllocationFailures(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            spotFailures = (Math.Max(spotFailures.Remaining, 0) + count, spotFailures.Code ?? "OverconstrainedAllocationRequest");
        }
    }

    /// <summary>Ends <see cref="ExceedQuota"/> for <paramref name="vmSize"/>: creations of that size pass again.</summary>
    public void RestoreQuota(string vmSize)
    {
        lock (gate)
        {
            quotaExceeded.Remove(vmSize);
        }
    }
}
