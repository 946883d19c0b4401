using Scaler.Core.GitHub;
using Scaler.Core.Provisioning.CloudInit;
using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Provisioning;

/// <summary>Boots a VM with <see cref="CloudInitBuilder"/>: the release to install and the runner's JIT config.</summary>
public sealed class CloudInitBootstrap : IRunnerBootstrap
{
    public string CreateCustomData(RunnerRelease release, JitRunner runner)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(runner);
        return CloudInitBuilder.Build(new RunnerBoot(release.Version, release.DownloadUrl, release.Sha256, runner.EncodedJitConfig));
    }
}
