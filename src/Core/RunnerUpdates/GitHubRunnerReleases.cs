using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;

namespace Scaler.Core.RunnerUpdates;

/// <summary>
/// The runner package new VMs of a pool install, chosen by <see cref="RunnerReleasePolicy"/> from the
/// <c>actions/runner</c> releases. The newest release comes from the scope's <c>actions/runners/downloads</c>
/// (address and SHA-256), as GitHub offers it; an older release, still soaking its successor, from its tarball
/// address and the checksum in its notes. When the release list cannot be read, or an older release lists no
/// checksum for the architecture, new VMs install what the downloads offer. Cached per scope and architecture for
/// <see cref="RunnerUpdateOptions.CacheFor"/>; a failed refresh keeps serving the last known release. With
/// <see cref="RunnerUpdateOptions.Mirror"/> the release points at its copy in the app's storage account
/// (<see cref="IRunnerPackageMirror"/>), or at GitHub when the copy cannot be made.
/// </summary>
public sealed partial class GitHubRunnerReleases(
    IGitHubRunners github,
    IRunnerPackageMirror mirror,
    IOptions<RunnerUpdateOptions> options,
    TimeProvider time,
    ILogger<GitHubRunnerReleases> logger) : IRunnerReleases
{
    /// <summary>The release served (mirrored or not) and the release GitHub offered, per scope and architecture.</summary>
    private readonly ConcurrentDictionary<string, (RunnerRelease Release, RunnerRelease Source, DateTimeOffset Until)> cache = new(StringComparer.OrdinalIgnoreCase);

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

        RunnerRelease source;
        try
        {
            source = await ChooseAsync(target, architecture, now, cancellationToken)
                ?? await FromDownloadsAsync(target, architecture, cancellationToken);
        }
        catch (AdapterException) when (cached.Source is not null)
        {
            // The last known release; signed anew when mirrored, so that a long GitHub outage outlasts no SAS.
            return await ServeAsync(cached.Source, architecture, cancellationToken);
        }

        var release = await ServeAsync(source, architecture, cancellationToken);
        cache[key] = (release, source, now + options.Value.CacheFor);
        return release;
    }

    /// <summary>The release as GitHub offers it, or with the mirror's SAS URL when <see cref="RunnerUpdateOptions.Mirror"/> is on.</summary>
    private async Task<RunnerRelease> ServeAsync(RunnerRelease source, string architecture, CancellationToken cancellationToken)
    {
        if (!options.Value.Mirror)
        {
            return source;
        }

        var platform = $"linux-{architecture}";
        try
        {
            return await mirror.MirrorAsync(source, platform, cancellationToken);
        }
        catch (AdapterException e)
        {
            LogMirrorFailed(logger, e, source.Version, platform, e.Message, RunnerRelease.WithoutQuery(source.DownloadUrl));
            return source;
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
        catch (AdapterException e)
        {
            LogListFailed(logger, target.PathPrefix, e.Kind);
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
            ?? throw new AdapterException(AdapterName.GitHub, FailureKind.NotFound, $"GitHub offers no linux-{architecture} runner package at {target.PathPrefix}");
        var version = TarballVersion().Match(download.DownloadUrl.AbsolutePath) is { Success: true } match
            ? match.Groups[1].Value
            : throw new AdapterException(AdapterName.GitHub, FailureKind.Transient, $"cannot read the runner version from {download.DownloadUrl}");
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
    private static partial void LogListFailed(ILogger logger, string scope, FailureKind failure);

    [LoggerMessage(EventId = 1604, EventName = "RunnerMirrorFailed", Level = LogLevel.Warning,
        Message = "Cannot mirror actions/runner {Version} for {Platform} in the app's storage account ({Reason}); new VMs download it from {Url}")]
    private static partial void LogMirrorFailed(ILogger logger, Exception exception, string version, string platform, string reason, string url);
}
