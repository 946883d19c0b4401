using System.Globalization;
using Scaler.Core.State;

namespace Scaler.Cli.Simulation;

/// <summary>Job records in memory with ETags, as Table storage keeps them. The simulation runs on one thread.</summary>
internal sealed class SimulatedJobStore : IJobStore
{
    private readonly Dictionary<(string Pool, long JobId), JobRecord> records = [];
    private long etag;

    public Task<JobRecord?> GetAsync(string pool, long jobId, CancellationToken cancellationToken) =>
        Task.FromResult(records.GetValueOrDefault((pool, jobId)));

    public Task<IReadOnlyList<JobRecord>> ListAsync(string pool, JobState state, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JobRecord>>([.. records.Values.Where(r => r.Pool == pool && r.State == state).OrderBy(r => r.JobId)]);

    public Task<int> DeleteCreatedBeforeAsync(string pool, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var old = records.Where(r => r.Key.Pool == pool && r.Value.CreatedAt < before).Select(r => r.Key).ToList();
        old.ForEach(key => records.Remove(key));
        return Task.FromResult(old.Count);
    }

    public Task<JobRecord?> TryAddAsync(JobRecord record, CancellationToken cancellationToken)
    {
        var key = (record.Pool, record.JobId);
        if (records.ContainsKey(key))
        {
            return Task.FromResult<JobRecord?>(null);
        }

        var stored = record with { ETag = NextETag() };
        records[key] = stored;
        return Task.FromResult<JobRecord?>(stored);
    }

    public Task<JobRecord?> TryUpdateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        var key = (record.Pool, record.JobId);
        if (!records.TryGetValue(key, out var current) || current.ETag != record.ETag)
        {
            return Task.FromResult<JobRecord?>(null);
        }

        var stored = record with { ETag = NextETag() };
        records[key] = stored;
        return Task.FromResult<JobRecord?>(stored);
    }

    private string NextETag() => (++etag).ToString(CultureInfo.InvariantCulture);
}
