using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Runners;

/// <summary>Turns a runner registration into the cloud-init a new VM boots with.</summary>
public interface IRunnerBootstrap
{
    string CreateCustomData(PoolOptions pool, RunnerRelease release, JitRunner runner);
}
