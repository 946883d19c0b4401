using Scaler.Core.State;

namespace Scaler.Core.Tests.Fakes;

/// <summary>
/// Job records another processor changes meanwhile: the next update (of a record that matches), or every update, loses
/// the ETag race; or every add loses the race to a record that cannot be read.
/// </summary>
internal sealed class ContendedJobStore(IJobStore inner) : IJobStore
{
    private Func<JobRecord, bool>? conflict;

    /// <summary>Every update loses the race.</summary>
    public bool ConflictEveryUpdate { get; init; }

    /// <summary>Every add loses the race, as if another processor added the record first.</summary>
    public bool AddsLost { get; init; }

    public int Updates { get; private set; }

    public int Adds { get; private set; }

    /// <summary>The next update loses the race.</summary>
    public void ConflictNextUpdate() => conflict = _ => true;

    /// <summary>The next update of a record that matches <paramref name="when"/> loses the race.</summary>
    public void ConflictNextUpdate(Func<JobRecord, bool> when) => conflict = when;

    public Task<JobRecord?> GetAsync(string pool, long jobId, CancellationToken cancellationToken) => inner.GetAsync(pool, jobId, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListAsync(string pool, JobState state, CancellationToken cancellationToken) => inner.ListAsync(pool, state, cancellationToken);

    public Task<int> DeleteCreatedBeforeAsync(string pool, DateTimeOffset before, CancellationToken cancellationToken) => inner.DeleteCreatedBeforeAsync(pool, before, cancellationToken);

    public Task<JobRecord?> TryAddAsync(JobRecord record, CancellationToken cancellationToken)
    {
        Adds++;
        return AddsLost ? Task.FromResult<JobRecord?>(null) : inner.TryAddAsync(record, cancellationToken);
    }

    public Task<JobRecord?> TryUpdateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        Updates++;
        if (ConflictEveryUpdate)
        {
            return Task.FromResult<JobRecord?>(null);
        }

        if (conflict is { } when && when(record))
        {
            conflict = null;
            return Task.FromResult<JobRecord?>(null);
        }

        return inner.TryUpdateAsync(record, cancellationToken);
    }
}
