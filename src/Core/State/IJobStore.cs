using Scaler.Core.Failures;

namespace Scaler.Core.State;

/// <summary>
/// Job records. Writes are conditional on the record's ETag, so concurrent processors cannot both win; a lost race is
/// an answer (null), any other failure an <see cref="AdapterException"/>.
/// </summary>
public interface IJobStore
{
    Task<JobRecord?> GetAsync(string pool, long jobId, CancellationToken cancellationToken);

    /// <summary>The pool's jobs in <paramref name="state"/>.</summary>
    Task<IReadOnlyList<JobRecord>> ListAsync(string pool, JobState state, CancellationToken cancellationToken);

    /// <summary>Deletes the pool's records of jobs created at GitHub before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteCreatedBeforeAsync(string pool, DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Adds the record; null when a record for the job already exists.</summary>
    Task<JobRecord?> TryAddAsync(JobRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces the record if its ETag still matches; null when someone else changed it first.</summary>
    Task<JobRecord?> TryUpdateAsync(JobRecord record, CancellationToken cancellationToken);
}
