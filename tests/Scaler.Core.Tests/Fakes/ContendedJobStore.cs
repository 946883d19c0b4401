using Scaler.Core.State;

namespace Scaler.Core.Tests.Fakes;

/// <summary>Job records another processor changes meanwhile: the next update (of a record that matches) loses the ETag race.</summary>
internal sealed class ContendedJobStore(IJobStore inner) : IJobStore
{
    private Func<JobRecord, bool>? conflict;

    /// <summary>The next update loses the race.</summary>
    public void ConflictNextUpdate() => conflict = _ => true;

    /// <summary>The next update of a record that matches <paramref name="when"/> loses the race.</summary>
    public void ConflictNextUpdate(Func<JobRecord, bool> when) => conflict = when;

    public Task<JobRecord?> GetAsync(string pool, long jobId, CancellationToken cancellationToken) => inner.GetAsync(pool, jobId, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListAsync(string pool, JobState state, CancellationToken cancellationToken) => inner.ListAsync(pool, state, cancellationToken);

    public Task<int> DeleteCreatedBeforeAsync(string pool, DateTimeOffset before, CancellationToken cancellationToken) => inner.DeleteCreatedBeforeAsync(pool, before, cancellationToken);

    public Task<JobRecord?> TryAddAsync(JobRecord record, CancellationToken cancellationToken) => inner.TryAddAsync(record, cancellationToken);

    public Task<JobRecord?> TryUpdateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        if (conflict is { } when && when(record))
        {
            conflict = null;
            return Task.FromResult<JobRecord?>(null);
        }

        return inner.TryUpdateAsync(record, cancellationToken);
    }
}
