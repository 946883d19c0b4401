using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners.CloudInit;
using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Runners;

/// <summary>Boots a VM with <see cref="CloudInitBuilder"/>: the release to install, the pool's setup and the runner's JIT config.</summary>
public sealed class CloudInitBootstrap : IRunnerBootstrap
{
    public string CreateCustomData(PoolOptions pool, RunnerRelease release, JitRunner runner)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(runner);
        return CloudInitBuilder.Build(new RunnerBoot(release.Version, release.DownloadUrl, release.Sha256, runner.EncodedJitConfig), RunnerSetup.For(pool));
    }

    public string CreateStandbyCustomData(PoolOptions pool, RunnerRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return CloudInitBuilder.BuildStandby(release.Version, release.DownloadUrl, release.Sha256, RunnerSetup.For(pool));
    }
}
