using System.Collections.Concurrent;
using Scaler.Core.Failures;
using Scaler.Core.State;

namespace Scaler.Core.Tests.Fakes;

/// <summary>
/// Capacity that other processors share: an update of a named VM's row loses the ETag race a set number of times,
/// a release finds the row released already, the reconciler releases a row under way, or a release or a read fails
/// once, as Table storage can.
/// </summary>
internal sealed class ContendedCapacity(ICapacity inner) : ICapacity
{
    private readonly ConcurrentDictionary<string, int> conflicts = new();
    private int updateConflicts;

    /// <summary>The next <paramref name="times"/> updates of the VM's row fail as if another processor changed it first.</summary>
    public void ConflictOn(string vmName, int times) => conflicts[vmName] = times;

    /// <summary>How many updates lost the race.</summary>
    public int UpdateConflicts => updateConflicts;

    /// <summary>Every release finds the row gone: another processor released it between the read and the release.</summary>
    public bool ReleasedMeanwhile { get; set; }

    /// <summary>The first update of this VM's row is followed by its release, as the reconciler's is when the lease ran out.</summary>
    public string? ReleasedAfterFirstUpdate { get; set; }

    /// <summary>Thrown by the next release, which then leaves the row in place.</summary>
    public AdapterException? ReleaseFailure { get; set; }

    public Task<ClaimResult> ClaimAsync(string pool, string vmName, long forJobId, int maxRunners, CancellationToken cancellationToken) =>
        inner.ClaimAsync(pool, vmName, forJobId, maxRunners, cancellationToken);

    public Task<bool> ReleaseAsync(string pool, string vmName, CancellationToken cancellationToken) =>
        ReleaseAsync(() => inner.ReleaseAsync(pool, vmName, cancellationToken));

    public Task<bool> ReleaseIfUnchangedAsync(string pool, string vmName, string etag, CancellationToken cancellationToken) =>
        ReleaseAsync(() => inner.ReleaseIfUnchangedAsync(pool, vmName, etag, cancellationToken));

    /// <summary>Thrown by the next read of a runner row.</summary>
    public AdapterException? GetFailure { get; set; }

    public Task<RunnerRecord?> GetRunnerAsync(string pool, string vmName, CancellationToken cancellationToken)
    {
        if (GetFailure is { } failure)
        {
            GetFailure = null;
            return Task.FromException<RunnerRecord?>(failure);
        }

        return inner.GetRunnerAsync(pool, vmName, cancellationToken);
    }

    public async Task<bool> TryUpdateRunnerAsync(RunnerRecord record, CancellationToken cancellationToken)
    {
        if (conflicts.TryGetValue(record.VmName, out var left) && left > 0)
        {
            conflicts[record.VmName] = left - 1;
            Interlocked.Increment(ref updateConflicts);
            return false;
        }

        if (!await inner.TryUpdateRunnerAsync(record, cancellationToken))
        {
            return false;
        }

        if (record.VmName == ReleasedAfterFirstUpdate)
        {
            ReleasedAfterFirstUpdate = null;
            await inner.ReleaseAsync(record.Pool, record.VmName, cancellationToken);
        }

        return true;
    }

    public Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(string pool, CancellationToken cancellationToken) =>
        inner.ListRunnersAsync(pool, cancellationToken);

    public Task<int> CountAsync(string pool, CancellationToken cancellationToken) => inner.CountAsync(pool, cancellationToken);

    private async Task<bool> ReleaseAsync(Func<Task<bool>> release)
    {
        if (ReleaseFailure is { } failure)
        {
            ReleaseFailure = null;
            throw failure;
        }

        return await release() && !ReleasedMeanwhile;
    }
}
