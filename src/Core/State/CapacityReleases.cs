namespace Scaler.Core.State;

/// <summary>Releases that must not outrun a VM create started under the same row.</summary>
public static class CapacityReleases
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Releases the VM's unit unless a create was started under its row since <paramref name="read"/> was read: true
    /// when released; false when the row is gone or a create started since. A create's attempt is recorded on the row
    /// (ETag-conditionally) just before its PUT, and the create watcher retries a failed attempt under the same name, so
    /// a row released after that record would leave the new VM holding no unit. Other changes to the row (a runner id,
    /// its state) do not keep it.
    /// </summary>
    public static async Task<bool> ReleaseUnlessCreateStartedSinceAsync(this ICapacity capacity, RunnerRecord read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(read);
        var row = read;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await capacity.ReleaseIfUnchangedAsync(read.Pool, read.VmName, row.ETag, cancellationToken))
            {
                return true;
            }

            if (await capacity.GetRunnerAsync(read.Pool, read.VmName, cancellationToken) is not { } current || CreateStartedSince(read, current))
            {
                return false;
            }

            row = current;
        }

        return false;
    }

    private static bool CreateStartedSince(RunnerRecord read, RunnerRecord current) =>
        (current.CreateStartedAt, current.CreateSizeIndex, current.CreateSpot) != (read.CreateStartedAt, read.CreateSizeIndex, read.CreateSpot);
}
