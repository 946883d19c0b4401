using System.Globalization;
using Scaler.Core.Compute;
using Scaler.Core.Pools;

namespace Scaler.Core.Runners;

/// <summary>The tags on every runner VM: the second source of truth the reconciler repairs drift from.</summary>
public static class RunnerTags
{
    public const string Pool = "scaler-pool";
    public const string JobId = "scaler-job-id";
    public const string Created = "scaler-created";
    public const string RunnerVersion = "scaler-runner-version";

    /// <summary>On a standby VM until a job claims it: <c>true</c>. A VM that carries it has no runner registered.</summary>
    public const string Standby = "scaler-standby";

    /// <summary>On a VM kept stopped for investigation (<see cref="PoolOptions.KeepUnhealthy"/>): when it was kept, ISO 8601.</summary>
    public const string Kept = "scaler-kept";

    /// <summary>On a kept VM: why it was kept (never a secret).</summary>
    public const string KeptReason = "scaler-kept-reason";

    /// <summary>Azure's limit on a tag value.</summary>
    public const int MaxValueLength = 256;

    public static IReadOnlyDictionary<string, string> For(PoolOptions pool, long jobId, DateTimeOffset created, string runnerVersion) =>
        new Dictionary<string, string>
        {
            [Pool] = pool.Name,
            [JobId] = jobId.ToString(CultureInfo.InvariantCulture),
            [Created] = created.ToString("O", CultureInfo.InvariantCulture),
            [RunnerVersion] = runnerVersion,
        };

    /// <summary>A standby VM's tags: no job yet, and <see cref="Standby"/>.</summary>
    public static IReadOnlyDictionary<string, string> ForStandby(PoolOptions pool, DateTimeOffset created, string runnerVersion) =>
        new Dictionary<string, string>(For(pool, 0, created, runnerVersion)) { [Standby] = "true" };

    /// <summary>What a standby VM's tags become when a job claims it: the job's, created now, and no longer standby.</summary>
    public static IReadOnlyDictionary<string, string?> ForClaimedStandby(long jobId, DateTimeOffset claimed) =>
        new Dictionary<string, string?>
        {
            [JobId] = jobId.ToString(CultureInfo.InvariantCulture),
            [Created] = claimed.ToString("O", CultureInfo.InvariantCulture),
            [Standby] = null,
        };

    /// <summary>Whether the VM is a standby VM no job has claimed (or whose claim has not reached its tags yet).</summary>
    public static bool IsStandby(RunnerVm vm) => vm?.Tags.ContainsKey(Standby) == true;

    /// <summary>The tags that mark a VM as kept for investigation; the reason is cut to <see cref="MaxValueLength"/>.</summary>
    public static IReadOnlyDictionary<string, string> ForKept(DateTimeOffset keptAt, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return new Dictionary<string, string>
        {
            [Kept] = keptAt.ToString("O", CultureInfo.InvariantCulture),
            [KeptReason] = reason.Length > MaxValueLength ? reason[..MaxValueLength] : reason,
        };
    }

    /// <summary>When <paramref name="vm"/> was kept for investigation; null when it is not kept; MinValue when the tag does not parse.</summary>
    public static DateTimeOffset? KeptAt(RunnerVm vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        if (!vm.Tags.TryGetValue(Kept, out var tag))
        {
            return null;
        }

        return DateTimeOffset.TryParse(tag, CultureInfo.InvariantCulture, DateTimeStyles.None, out var keptAt) ? keptAt : DateTimeOffset.MinValue;
    }
}
