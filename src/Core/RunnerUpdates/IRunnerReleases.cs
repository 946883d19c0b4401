using Scaler.Core.Pools;

namespace Scaler.Core.RunnerUpdates;

/// <summary>Which runner release a new VM of a pool installs.</summary>
public interface IRunnerReleases
{
    Task<RunnerRelease> GetCurrentAsync(PoolOptions pool, CancellationToken cancellationToken);
}
