using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.State;

namespace Scaler.Cli.Simulation;

/// <summary>One runner release for the whole run: the simulation does not model runner updates.</summary>
internal sealed class SimulatedReleases : IRunnerReleases
{
    private static readonly RunnerRelease Release = new("2.330.0", new Uri("https://github.com/actions/runner/releases/download/v2.330.0/actions-runner-linux-x64-2.330.0.tar.gz"), new string('0', 64));

    public Task<RunnerRelease> GetCurrentAsync(PoolOptions pool, CancellationToken cancellationToken) => Task.FromResult(Release);
}

/// <summary>
/// No cloud-init: a simulated VM boots in <see cref="SimulationOptions.BootDuration"/> whatever it is given. The standby
/// cloud-init is a marker by which the simulated VM knows to power itself off after its first boot, as the real one does.
/// </summary>
internal sealed class SimulatedBootstrap : IRunnerBootstrap
{
    public const string StandbyCustomData = "standby";

    public string CreateCustomData(PoolOptions pool, RunnerRelease release, JitRunner runner) => "";

    public string CreateStandbyCustomData(PoolOptions pool, RunnerRelease release) => StandbyCustomData;
}

/// <summary>Every webhook is delivered in the simulation, so there is no delivery log to recover from.</summary>
internal sealed class NoWebhookDeliveries : IWebhookDeliveries
{
    public bool Available => false;

    public Task<IReadOnlyList<HookDelivery>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HookDelivery>>([]);

    public Task RedeliverAsync(long deliveryId, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Watermarks in memory.</summary>
internal sealed class SimulatedWatermarks : IWatermarks
{
    private readonly Dictionary<string, DateTimeOffset> values = [];

    public Task<DateTimeOffset?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(values.TryGetValue(name, out var value) ? value : null);

    public Task SetAsync(string name, DateTimeOffset value, CancellationToken cancellationToken)
    {
        values[name] = value;
        return Task.CompletedTask;
    }
}
