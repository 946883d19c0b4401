using Microsoft.Extensions.Options;
using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.State;

namespace Scaler.Core.Convergence;

/// <summary>Reads one pool's three sources of truth (VMs, GitHub's runners, capacity rows) and the release new VMs install.</summary>
public sealed class PoolSnapshots(
    IOptions<ScalerOptions> pools,
    IRunnerVms vms,
    IGitHubRunners github,
    ICapacity capacity,
    IRunnerReleases releases,
    TimeProvider time)
{
    public async Task<PoolSnapshot> ReadAsync(PoolOptions pool, CancellationToken cancellationToken)
    {
        // The clock first: every source is read after it, so an age measured from it is never longer than it was when
        // the source was read. (A stall after the VM list must not make a row look past its lease while the list
        // predates the create that row is waiting for.)
        var now = time.GetUtcNow();
        var all = pools.Value.Pools;
        var runners = (await github.ListRunnersAsync(RunnerTarget.For(pool), cancellationToken)).Where(r => VmNames.PoolOf(r.Name, all) == pool).ToList();
        var machines = (await vms.ListAsync(pool.ScaleSetId, cancellationToken)).Where(v => v.Tags.TryGetValue(RunnerTags.Pool, out var p) && p == pool.Name).ToList();

        // Rows last: a runner or VM being provisioned has its row by then. (A VM deleted and released in between looks
        // rowless and is adopted; its new row has neither VM nor registration and is released after the lease.)
        var records = await capacity.ListRunnersAsync(pool.Name, cancellationToken);
        var current = (await releases.GetCurrentAsync(pool, cancellationToken)).Version;
        return new PoolSnapshot(pool, machines, runners, records, current, now);
    }
}
