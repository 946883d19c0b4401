using System.Globalization;
using Scaler.Core.State;

namespace Scaler.Cli.Simulation;

/// <summary>Capacity rows in memory: a pool's count is its number of rows, as in <see cref="TableCapacity"/>.</summary>
internal sealed class SimulatedCapacity(TimeProvider time) : ICapacity
{
    private readonly Dictionary<(string Pool, string Vm), RunnerRecord> rows = [];
    private long etag;

    public Task<ClaimResult> ClaimAsync(string pool, string vmName, long forJobId, int maxRunners, CancellationToken cancellationToken)
    {
        if (rows.ContainsKey((pool, vmName)))
        {
            return Task.FromResult(ClaimResult.AlreadyHeld);
        }

        if (rows.Keys.Count(k => k.Pool == pool) >= maxRunners)
        {
            return Task.FromResult(ClaimResult.PoolFull);
        }

        rows[(pool, vmName)] = new RunnerRecord { Pool = pool, VmName = vmName, ForJobId = forJobId, ClaimedAt = time.GetUtcNow(), ETag = NextETag() };
        return Task.FromResult(ClaimResult.Claimed);
    }

    public Task<bool> ReleaseAsync(string pool, string vmName, CancellationToken cancellationToken) =>
        Task.FromResult(rows.Remove((pool, vmName)));

    public Task<bool> ReleaseIfUnchangedAsync(string pool, string vmName, string etag, CancellationToken cancellationToken) =>
        Task.FromResult(rows.TryGetValue((pool, vmName), out var current) && current.ETag == etag && rows.Remove((pool, vmName)));

    public Task<RunnerRecord?> GetRunnerAsync(string pool, string vmName, CancellationToken cancellationToken) =>
        Task.FromResult(rows.GetValueOrDefault((pool, vmName)));

    public Task<bool> TryUpdateRunnerAsync(RunnerRecord record, CancellationToken cancellationToken)
    {
        if (!rows.TryGetValue((record.Pool, record.VmName), out var current) || current.ETag != record.ETag)
        {
            return Task.FromResult(false);
        }

        rows[(record.Pool, record.VmName)] = record with { ETag = NextETag() };
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(string pool, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunnerRecord>>([.. rows.Values.Where(r => r.Pool == pool)]);

    public Task<int> CountAsync(string pool, CancellationToken cancellationToken) =>
        Task.FromResult(rows.Keys.Count(k => k.Pool == pool));

    private string NextETag() => (++etag).ToString(CultureInfo.InvariantCulture);
}
