using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;

namespace Scaler.Core.RunnerUpdates;

/// <summary>
/// The runner package new VMs of a pool install, chosen by <see cref="RunnerReleasePolicy"/> from the
/// <c>actions/runner</c> releases. The newest release comes from the scope's <c>actions/runners/downloads</c>
/// (address and SHA-256), as GitHub offers it; an older release, still soaking its successor, from its tarball
/// address and the checksum in its notes. When the release list cannot be read, or an older release lists no
/// checksum for the architecture, new VMs install what the downloads offer. Cached per scope and architecture for
/// <see cref="RunnerUpdateOptions.CacheFor"/>; a failed refresh keeps serving the last known release.
/// </summary>
public sealed partial class GitHubRunnerReleases(IGitHubRunners github, IOptions<RunnerUpdateOptions> options, TimeProvider time, ILogger<GitHubRunnerReleases> logger) : IRunnerReleases
{
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
            var release = await ChooseAsync(target, architecture, now, cancellationToken)
                ?? await FromDownloadsAsync(target, architecture, cancellationToken);
            cache[key] = (release, now + options.Value.CacheFor);
            return release;
        }
        catch (GitHubException) when (cached.Release is not null)
        {
            return cached.Release;
        }
    }

    /// <summary>The older release the policy keeps new VMs on while a newer one soaks; null for the newest.</summary>
    private async Task<RunnerRelease?> ChooseAsync(RunnerTarget target, string architecture, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Soak <= TimeSpan.Zero)
        {
            return null;
        }

        IReadOnlyList<RunnerReleaseInfo> releases;
        try
        {
            releases = await github.ListReleasesAsync(target, cancellationToken);
        }
        catch (GitHubException e)
        {
            LogListFailed(logger, target.PathPrefix, e.Failure);
            return null;
        }

        var chosen = RunnerReleasePolicy.Choose(releases, now, settings.Soak, settings.Margin);
        var published = RunnerReleasePolicy.Published(releases, now);
        var newest = published.Count > 0 ? published[0] : null;
        if (chosen is null || newest is null || ReferenceEquals(chosen, newest))
        {
            return null;
        }

        var platform = $"linux-{architecture}";
        if (chosen.Sha256For(platform) is not { } sha)
        {
            LogChecksumMissing(logger, chosen.Version, platform, target.PathPrefix, newest.Version);
            return null;
        }

        return new RunnerRelease(chosen.Version, TarballUrl(chosen.Version, platform), sha);
    }

    private async Task<RunnerRelease> FromDownloadsAsync(RunnerTarget target, string architecture, CancellationToken cancellationToken)
    {
        var downloads = await github.ListDownloadsAsync(target, cancellationToken);
        var download = downloads.FirstOrDefault(d => d.Os == "linux" && d.Architecture == architecture)
            ?? throw new GitHubException(GitHubFailure.NotFound, $"GitHub offers no linux-{architecture} runner package at {target.PathPrefix}");
        var version = TarballVersion().Match(download.DownloadUrl.AbsolutePath) is { Success: true } match
            ? match.Groups[1].Value
            : throw new GitHubException(GitHubFailure.Transient, $"cannot read the runner version from {download.DownloadUrl}");
        return new RunnerRelease(version, download.DownloadUrl, download.Sha256);
    }

    /// <summary><c>https://github.com/actions/runner/releases/download/v2.330.0/actions-runner-linux-x64-2.330.0.tar.gz</c>.</summary>
    public static Uri TarballUrl(string version, string platform) =>
        new($"https://github.com/actions/runner/releases/download/v{version}/actions-runner-{platform}-{version}.tar.gz");

    [GeneratedRegex(@"actions-runner-linux-(?:x64|arm64)-(\d+\.\d+\.\d+)\.tar\.gz$")]
    private static partial Regex TarballVersion();

    [LoggerMessage(EventId = 1602, EventName = "RunnerReleaseChecksumMissing", Level = LogLevel.Warning,
        Message = "Runner release {Version} lists no SHA-256 for {Platform}; new VMs at {Scope} install the newest release ({Newest}) instead")]
    private static partial void LogChecksumMissing(ILogger logger, string version, string platform, string scope, string newest);

    [LoggerMessage(EventId = 1603, EventName = "RunnerReleaseListFailed", Level = LogLevel.Warning,
        Message = "Cannot list the actions/runner releases with the credential of {Scope} ({Failure}); new VMs install the newest release GitHub offers, without a soak")]
    private static partial void LogListFailed(ILogger logger, string scope, GitHubFailure failure);
}
