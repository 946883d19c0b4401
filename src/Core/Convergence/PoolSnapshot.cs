using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.State;

namespace Scaler.Core.Convergence;

/// <summary>One pool as the three sources of truth see it at one moment.</summary>
/// <param name="Vms">The scale set's VMs tagged with this pool.</param>
/// <param name="Runners">GitHub's runners whose names belong to this pool.</param>
/// <param name="Records">The pool's capacity rows.</param>
/// <param name="CurrentVersion">The runner version new VMs install, when known.</param>
/// <param name="Now">When the read began, before any source was read.</param>
public sealed record PoolSnapshot(
    PoolOptions Pool,
    IReadOnlyList<RunnerVm> Vms,
    IReadOnlyList<GitHubRunner> Runners,
    IReadOnlyList<RunnerRecord> Records,
    string? CurrentVersion,
    DateTimeOffset Now)
{
    /// <summary>The warm minimum now, from the pool's schedules.</summary>
    public int MinIdle => Pool.MinIdleAt(Now);
}
