namespace Scaler.Emulators.Arm.Faults;

/// <summary>Starts of deallocated VMs that fail for want of capacity, as Azure's do when the VM cannot be allocated again.</summary>
public sealed partial class ArmFaults
{
    private (int Remaining, string Code) startFailures;

    /// <summary>Starts still to fail (<see cref="FailStarts"/>).</summary>
    public int PendingStartFailures
    {
        get
        {
            lock (gate)
            {
                return Math.Max(startFailures.Remaining, 0);
            }
        }
    }

    /// <summary>
    /// Fails the next <paramref name="count"/> starts (<c>POST .../start</c>) with <paramref name="errorCode"/> (AllocationFailed,
    /// ZonalAllocationFailed or OverconstrainedAllocationRequest). As at Azure, the start is accepted and its operation fails:
    /// the VM's provisioningState becomes Failed, its instance view names the error and it stays deallocated.
    /// </summary>
    public void FailStarts(int count = int.MaxValue, string errorCode = "AllocationFailed")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        lock (gate)
        {
            startFailures = (count, errorCode);
        }
    }

    /// <summary>The error the next start ends with, taking one of <see cref="FailStarts"/>'s count; null when it succeeds.</summary>
    internal Json.ArmError? StartError()
    {
        lock (gate)
        {
            if (startFailures.Remaining <= 0)
            {
                return null;
            }

            startFailures.Remaining--;
            return AllocationError(startFailures.Code);
        }
    }

    private void ClearStartFailures() => startFailures = default;
}
