using System.Collections.Concurrent;
using Scaler.Core.State;

namespace Scaler.Core.Tests.Fakes;

/// <summary>Job records in memory, with ETags checked as Table storage checks them.</summary>
internal sealed class InMemoryJobStore : IJobStore
{
    private readonly ConcurrentDictionary<(string, long), JobRecord> records = new();

    public Task<JobRecord?> GetAsync(string pool, long jobId, CancellationToken cancellationToken) =>
        Task.FromResult(records.GetValueOrDefault((pool, jobId)));

    public Task<IReadOnlyList<JobRecord>> ListAsync(string pool, JobState state, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JobRecord>>([.. records.Values.Where(r => r.Pool == pool && r.State == state).OrderBy(r => r.JobId)]);

    public Task<int> DeleteCreatedBeforeAsync(string pool, DateTimeOffset before, CancellationToken cancellationToken) =>
        Task.FromResult(records.Where(r => r.Key.Item1 == pool && r.Value.CreatedAt < before).Count(r => records.TryRemove(r.Key, out _)));

    public Task<JobRecord?> TryAddAsync(JobRecord record, CancellationToken cancellationToken)
    {
        var stored = record with { ETag = Guid.NewGuid().ToString() };
        return Task.FromResult(records.TryAdd((record.Pool, record.JobId), stored) ? stored : null);
    }

    public Task<JobRecord?> TryUpdateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        var key = (record.Pool, record.JobId);
        var stored = record with { ETag = Guid.NewGuid().ToString() };
        return Task.FromResult(records.TryGetValue(key, out var current) && current.ETag == record.ETag && records.TryUpdate(key, stored, current) ? stored : null);
    }
}

/// <summary>Capacity in memory: the same contract as <see cref="TableCapacity"/>, under a lock.</summary>
internal sealed class InMemoryCapacity(TimeProvider? time = null) : ICapacity
{
    private readonly Dictionary<(string Pool, string Vm), RunnerRecord> runners = [];
    private readonly Lock gate = new();

    public Task<ClaimResult> ClaimAsync(string pool, string vmName, long forJobId, int maxRunners, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (runners.ContainsKey((pool, vmName)))
            {
                return Task.FromResult(ClaimResult.AlreadyHeld);
            }

            if (runners.Keys.Count(k => k.Pool == pool) >= maxRunners)
            {
                return Task.FromResult(ClaimResult.PoolFull);
            }

            runners[(pool, vmName)] = new RunnerRecord { Pool = pool, VmName = vmName, ForJobId = forJobId, ClaimedAt = (time ?? TimeProvider.System).GetUtcNow(), ETag = Guid.NewGuid().ToString() };
            return Task.FromResult(ClaimResult.Claimed);
        }
    }

    public Task<bool> ReleaseAsync(string pool, string vmName, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(runners.Remove((pool, vmName)));
        }
    }

    public Task<bool> ReleaseIfUnchangedAsync(string pool, string vmName, string etag, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(runners.TryGetValue((pool, vmName), out var current) && current.ETag == etag && runners.Remove((pool, vmName)));
        }
    }

    public Task<RunnerRecord?> GetRunnerAsync(string pool, string vmName, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(runners.GetValueOrDefault((pool, vmName)));
        }
    }

    public Task<bool> TryUpdateRunnerAsync(RunnerRecord record, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!runners.TryGetValue((record.Pool, record.VmName), out var current) || current.ETag != record.ETag)
            {
                return Task.FromResult(false);
            }

            runners[(record.Pool, record.VmName)] = record with { ETag = Guid.NewGuid().ToString() };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(string pool, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<RunnerRecord>>([.. runners.Values.Where(r => r.Pool == pool)]);
        }
    }

    public Task<int> CountAsync(string pool, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(runners.Keys.Count(k => k.Pool == pool));
        }
    }
}
