using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Tests.Fakes;

internal sealed class FakeReleases : IRunnerReleases
{
    public RunnerRelease Current { get; set; } = new("2.330.0", new Uri("https://github.com/actions/runner/releases/download/v2.330.0/actions-runner-linux-x64-2.330.0.tar.gz"), new string('a', 64));

    public Task<RunnerRelease> GetCurrentAsync(PoolOptions pool, CancellationToken cancellationToken) => Task.FromResult(Current);
}

/// <summary>Records what it was given; the custom data names the runner and version, never a secret.</summary>
internal sealed class FakeBootstrap : IRunnerBootstrap
{
    public string CreateCustomData(PoolOptions pool, RunnerRelease release, JitRunner runner) => $"#cloud-config\n# {runner.Name} {release.Version}\n";

    public string CreateStandbyCustomData(PoolOptions pool, RunnerRelease release) => $"#cloud-config\n# standby {release.Version}\n";
}
