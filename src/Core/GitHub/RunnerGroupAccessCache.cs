using System.Collections.Concurrent;
using Scaler.Core.Failures;

namespace Scaler.Core.GitHub;

/// <summary>What a read of a runner group's access gave: the access, or why there is none.</summary>
public sealed record RunnerGroupLookup(RunnerGroupAccess? Access, string? Failure);

/// <summary>
/// Runner groups' access, read once and kept for <see cref="CacheFor"/> (a failed read for <see cref="FailureCacheFor"/>,
/// so that a credential without the permission costs one call a minute, not one per job). Changes to a group at GitHub
/// take effect within that time. Two jobs missing the cache at once may both read it.
/// </summary>
public sealed class RunnerGroupAccessCache(IGitHubRunners github, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan FailureCacheFor = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Target, long Group), (RunnerGroupLookup Lookup, DateTimeOffset Until)> cache = new();

    public async Task<RunnerGroupLookup> GetAsync(RunnerTarget target, long runnerGroupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var key = (target.PathPrefix.ToUpperInvariant(), runnerGroupId);
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Lookup;
        }

        RunnerGroupLookup lookup;
        try
        {
            var access = await github.GetRunnerGroupAsync(target, runnerGroupId, cancellationToken);
            lookup = new RunnerGroupLookup(access, access is null ? $"runner group {runnerGroupId} not found at {target.PathPrefix}" : null);
        }
        catch (AdapterException ex)
        {
            lookup = new RunnerGroupLookup(null, $"{ex.Kind}: {ex.Message}");
        }

        cache[key] = (lookup, time.GetUtcNow() + (lookup.Access is null ? FailureCacheFor : CacheFor));
        return lookup;
    }
}
