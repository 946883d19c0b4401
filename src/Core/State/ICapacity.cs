using Scaler.Core.Failures;

namespace Scaler.Core.State;

/// <summary>Outcome of a capacity claim.</summary>
public enum ClaimResult
{
    /// <summary>One unit of the pool's capacity now belongs to the VM.</summary>
    Claimed,

    /// <summary>The VM already held a unit (a retried message): nothing changed.</summary>
    AlreadyHeld,

    /// <summary>The pool has <c>MaxRunners</c> VMs.</summary>
    PoolFull,
}

/// <summary>
/// Per-pool capacity. A claim or a release changes the pool's counter and the VM's runner record in one
/// atomic step, so the count never exceeds the maximum with any number of processors, and a repeated
/// claim or release of the same VM changes nothing. Storage failures are <see cref="AdapterException"/>s.
/// </summary>
public interface ICapacity
{
    Task<ClaimResult> ClaimAsync(string pool, string vmName, long forJobId, int maxRunners, CancellationToken cancellationToken);

    /// <summary>True when the VM held a unit and gave it back; false when it held none.</summary>
    Task<bool> ReleaseAsync(string pool, string vmName, CancellationToken cancellationToken);

    /// <summary>
    /// Releases the VM's unit only if its row still has <paramref name="etag"/>: true when released; false when the row
    /// changed since it was read (a processor recorded a create, a job claimed it) or is gone.
    /// </summary>
    Task<bool> ReleaseIfUnchangedAsync(string pool, string vmName, string etag, CancellationToken cancellationToken);

    Task<RunnerRecord?> GetRunnerAsync(string pool, string vmName, CancellationToken cancellationToken);

    /// <summary>Replaces a runner record if its ETag still matches; false when it changed or is gone.</summary>
    Task<bool> TryUpdateRunnerAsync(RunnerRecord record, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(string pool, CancellationToken cancellationToken);

    /// <summary>The pool's counter.</summary>
    Task<int> CountAsync(string pool, CancellationToken cancellationToken);
}
