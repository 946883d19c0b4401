using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;

namespace Scaler.Core.RunnerUpdates;

/// <summary>
/// The runner package GitHub currently offers at the pool's scope (<c>actions/runners/downloads</c>, with its
/// SHA-256), so a new VM installs the current release and has nothing to self-update. Cached per scope and
/// architecture for <see cref="CacheFor"/>; a failed refresh keeps serving the last known release.
/// </summary>
public sealed partial class GitHubRunnerReleases(IGitHubRunners github, TimeProvider time) : IRunnerReleases
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, (RunnerRelease Release, DateTimeOffset Until)> cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<RunnerRelease> GetCurrentAsync(PoolOptions pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var architecture = pool.Labels.Contains("arm64", StringComparer.OrdinalIgnoreCase) ? "arm64" : "x64";
        var target = RunnerTarget.For(pool);
        var key = $"{target.PathPrefix}|{architecture}";
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Release;
        }

        try
        {
            var downloads = await github.ListDownloadsAsync(target, cancellationToken);
            var download = downloads.FirstOrDefault(d => d.Os == "linux" && d.Architecture == architecture)
                ?? throw new GitHubException(GitHubFailure.NotFound, $"GitHub offers no linux-{architecture} runner package at {target.PathPrefix}");
            var version = TarballVersion().Match(download.DownloadUrl.AbsolutePath) is { Success: true } match
                ? match.Groups[1].Value
                : throw new GitHubException(GitHubFailure.Transient, $"cannot read the runner version from {download.DownloadUrl}");
            var release = new RunnerRelease(version, download.DownloadUrl, download.Sha256);
            cache[key] = (release, now + CacheFor);
            return release;
        }
        catch (GitHubException) when (cached.Release is not null)
        {
            return cached.Release;
        }
    }

    [GeneratedRegex(@"actions-runner-linux-(?:x64|arm64)-(\d+\.\d+\.\d+)\.tar\.gz$")]
    private static partial Regex TarballVersion();
}
