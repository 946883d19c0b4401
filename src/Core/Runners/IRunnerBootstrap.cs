using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Runners;

/// <summary>Turns a runner registration into the cloud-init a new VM boots with.</summary>
public interface IRunnerBootstrap
{
    string CreateCustomData(PoolOptions pool, RunnerRelease release, JitRunner runner);

    /// <summary>
    /// The cloud-init of a standby VM: its first boot installs the release and the pool's setup and powers the VM off;
    /// every boot after reads the JIT config from the VM's <c>userData</c> and starts the runner.
    /// </summary>
    string CreateStandbyCustomData(PoolOptions pool, RunnerRelease release);
}
