using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Convergence;

/// <summary>A runner version in use and how long it may still take jobs.</summary>
public sealed record RunnerVersionStatus(string Pool, string Version, int Runners, DateTimeOffset Deadline, bool Missed, bool Near);

/// <summary>
/// Hourly: GitHub stops sending jobs to a runner 30 days after the first release newer than its version came out,
/// and Scaler's runners never self-update. New VMs install the release <see cref="RunnerReleasePolicy"/> chooses,
/// and the reconciler recycles idle runners of older versions; this watch reports what is left: runners of an
/// older version than the newest release, with a warning from <see cref="WarnBefore"/> before their deadline and
/// an error once it has passed.
/// </summary>
public sealed partial class RunnerVersionWatch(IOptions<ScalerOptions> pools, IGitHubRunners github, TimeProvider time, ILogger<RunnerVersionWatch> logger)
{
    public static readonly TimeSpan WarnBefore = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<RunnerVersionStatus>> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var statuses = new List<RunnerVersionStatus>();
        foreach (var pool in pools.Value.Pools)
        {
            var target = RunnerTarget.For(pool);
            var releases = RunnerReleasePolicy.Published(await github.ListReleasesAsync(target, cancellationToken), now);
            var runners = (await github.ListRunnersAsync(target, cancellationToken)).Where(r => VmNames.PoolOf(r.Name, pools.Value.Pools) == pool);
            foreach (var group in runners.GroupBy(r => r.Version ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (RunnerReleasePolicy.FirstNewer(group.Key, releases) is not { } newer)
                {
                    continue;
                }

                var deadline = newer.PublishedAt + RunnerReleasePolicy.Window;
                var status = new RunnerVersionStatus(pool.Name, group.Key, group.Count(), deadline, now >= deadline, now >= deadline - WarnBefore && now < deadline);
                statuses.Add(status);
                if (status.Missed)
                {
                    LogMissed(logger, pool.Name, status.Runners, status.Version, newer.Version, deadline);
                }
                else if (status.Near)
                {
                    LogNear(logger, pool.Name, status.Runners, status.Version, newer.Version, deadline);
                }
            }
        }

        return statuses;
    }

    [LoggerMessage(EventId = 1600, EventName = "RunnerVersionDeadlineNear", Level = LogLevel.Warning,
        Message = "Pool {Pool}: {Runners} runners on {Version} stop getting jobs at {Deadline} (30 days after {Newer} came out); they are recycled when idle")]
    private static partial void LogNear(ILogger logger, string pool, int runners, string version, string newer, DateTimeOffset deadline);

    [LoggerMessage(EventId = 1601, EventName = "RunnerVersionDeadlineMissed", Level = LogLevel.Error,
        Message = "Pool {Pool}: {Runners} runners on {Version} are more than 30 days behind {Newer} (since {Deadline}); GitHub gives them no jobs")]
    private static partial void LogMissed(ILogger logger, string pool, int runners, string version, string newer, DateTimeOffset deadline);
}
