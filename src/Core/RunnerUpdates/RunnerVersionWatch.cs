using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Provisioning;

namespace Scaler.Core.RunnerUpdates;

/// <summary>A runner version in use and how long it may still take jobs.</summary>
public sealed record RunnerVersionStatus(string Pool, string Version, int Runners, DateTimeOffset Deadline, bool Missed, bool Near);

/// <summary>
/// Hourly: GitHub stops sending jobs to a runner more than 30 days behind a newer release, and Scaler's
/// runners never self-update. New VMs always install the release GitHub currently offers, and the reconciler
/// recycles idle runners of older versions; this watch reports what is left: runners of an older version,
/// with a warning from <see cref="WarnBefore"/> before the deadline and an error once it has passed.
/// The deadline counts from the newest release's publication (the list of all releases is not read).
/// </summary>
public sealed partial class RunnerVersionWatch(IOptions<ScalerOptions> pools, IGitHubRunners github, TimeProvider time, ILogger<RunnerVersionWatch> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);
    public static readonly TimeSpan WarnBefore = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<RunnerVersionStatus>> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var statuses = new List<RunnerVersionStatus>();
        foreach (var pool in pools.Value.Pools)
        {
            var target = RunnerTarget.For(pool);
            var latest = await github.GetLatestReleaseAsync(target, cancellationToken);
            var runners = (await github.ListRunnersAsync(target, cancellationToken)).Where(r => VmNames.PoolOf(r.Name, pools.Value.Pools) == pool);
            foreach (var group in runners.Where(r => IsOlder(r.Version, latest.Version)).GroupBy(r => r.Version!))
            {
                var deadline = latest.PublishedAt + Window;
                var status = new RunnerVersionStatus(pool.Name, group.Key, group.Count(), deadline, now >= deadline, now >= deadline - WarnBefore && now < deadline);
                statuses.Add(status);
                if (status.Missed)
                {
                    LogMissed(logger, pool.Name, status.Runners, status.Version, latest.Version, deadline);
                }
                else if (status.Near)
                {
                    LogNear(logger, pool.Name, status.Runners, status.Version, latest.Version, deadline);
                }
            }
        }

        return statuses;
    }

    private static bool IsOlder(string? version, string latest) =>
        Version.TryParse(version, out var v) && Version.TryParse(latest, out var l) && v < l;

    [LoggerMessage(EventId = 1600, EventName = "RunnerVersionDeadlineNear", Level = LogLevel.Warning,
        Message = "Pool {Pool}: {Runners} runners on {Version} stop getting jobs at {Deadline} (30 days after {Latest}); they are recycled when idle")]
    private static partial void LogNear(ILogger logger, string pool, int runners, string version, string latest, DateTimeOffset deadline);

    [LoggerMessage(EventId = 1601, EventName = "RunnerVersionDeadlineMissed", Level = LogLevel.Error,
        Message = "Pool {Pool}: {Runners} runners on {Version} are more than 30 days behind {Latest} (since {Deadline}); GitHub gives them no jobs")]
    private static partial void LogMissed(ILogger logger, string pool, int runners, string version, string latest, DateTimeOffset deadline);
}
