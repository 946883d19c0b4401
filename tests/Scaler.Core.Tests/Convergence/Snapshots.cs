using System.Globalization;
using Scaler.Core.Compute;
using Scaler.Core.Convergence;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.State;

namespace Scaler.Core.Tests.Convergence;

/// <summary>The parts of a <see cref="PoolSnapshot"/> of pool linux-x64, ages in minutes before <see cref="Now"/>.</summary>
internal static class Snapshots
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 22, 0, 0, TimeSpan.Zero);
    public static readonly ProvisioningOptions Provisioning = new() { LeaseDuration = TimeSpan.FromMinutes(10), ProvisioningGrace = TimeSpan.FromMinutes(2) };

    public static PoolOptions Pool() => new()
    {
        Name = "linux-x64", MaxRunners = 5, MinIdle = 0,
        IdleTimeout = TimeSpan.FromMinutes(5), BootTimeout = TimeSpan.FromMinutes(10), MaxLifetime = TimeSpan.FromHours(24),
    };

    public static PoolSnapshot Of(PoolOptions pool, RunnerVm[] vms, GitHubRunner[] runners, RunnerRecord[] records, string? current = null) =>
        new(pool, vms, runners, records, current, Now);

    public static RunnerVm Vm(string name, double age) =>
        new(name, "Standard_D2ads_v5", false, "Succeeded", new Dictionary<string, string>
        {
            [RunnerTags.Pool] = "linux-x64",
            [RunnerTags.Created] = Now.AddMinutes(-age).ToString("O", CultureInfo.InvariantCulture),
        }, Now.AddMinutes(-age));

    public static RunnerVm Kept(string name, int keptAgo)
    {
        var vm = Vm(name, age: keptAgo + 11);
        var tags = new Dictionary<string, string>(vm.Tags) { [RunnerTags.Kept] = Now.AddMinutes(-keptAgo).ToString("O", CultureInfo.InvariantCulture), [RunnerTags.KeptReason] = "never online" };
        return vm with { Tags = tags };
    }

    public static GitHubRunner Runner(string name, bool online = true, bool busy = false, string? version = null) =>
        new(name.Length, name, online, busy, ["self-hosted", "linux"], version);

    public static RunnerRecord Record(string name, int age, int? online = null) =>
        new() { Pool = "linux-x64", VmName = name, ClaimedAt = Now.AddMinutes(-age), OnlineSince = online is { } o ? Now.AddMinutes(-o) : null, State = RunnerState.Created, ETag = $"etag-{name}" };
}
