using Scaler.Core.GitHub;

namespace Scaler.Core.RunnerUpdates;

/// <summary>
/// Which <c>actions/runner</c> release new VMs install, and until when a version gets jobs. GitHub stops sending
/// jobs to a runner 30 days (<see cref="Window"/>) after the first release newer than its version came out.
/// </summary>
public static class RunnerReleasePolicy
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>
    /// The newest release at least <paramref name="soak"/> old; but the newest release once <paramref name="now"/>
    /// reaches that release's deadline minus <paramref name="margin"/>. With no soak that is always the newest.
    /// Releases not yet published at <paramref name="now"/> are ignored; null when none is published.
    /// </summary>
    public static RunnerReleaseInfo? Choose(IEnumerable<RunnerReleaseInfo> releases, DateTimeOffset now, TimeSpan soak, TimeSpan margin)
    {
        ArgumentNullException.ThrowIfNull(releases);
        var published = Published(releases, now);
        if (published.Count == 0)
        {
            return null;
        }

        var newest = published[0];
        var soaked = published.FirstOrDefault(r => now - r.PublishedAt >= soak);
        if (soaked is null || ReferenceEquals(soaked, newest))
        {
            return newest;
        }

        return Deadline(soaked.Version, published) is { } deadline && now >= deadline - margin ? newest : soaked;
    }

    /// <summary>
    /// When a runner of <paramref name="version"/> stops getting jobs: 30 days after the earliest publication among the
    /// releases newer than it; null when none is newer (or the version cannot be read).
    /// </summary>
    public static DateTimeOffset? Deadline(string? version, IEnumerable<RunnerReleaseInfo> releases)
    {
        return FirstNewer(version, releases)?.PublishedAt + Window;
    }

    /// <summary>The first release newer than <paramref name="version"/> (the one its deadline counts from); null when none is.</summary>
    public static RunnerReleaseInfo? FirstNewer(string? version, IEnumerable<RunnerReleaseInfo> releases)
    {
        ArgumentNullException.ThrowIfNull(releases);
        return System.Version.TryParse(version, out var parsed)
            ? releases.Where(r => r.ParsedVersion > parsed).MinBy(r => r.PublishedAt)
            : null;
    }

    /// <summary>Releases out at <paramref name="now"/> with a readable version, newest version first.</summary>
    public static IReadOnlyList<RunnerReleaseInfo> Published(IEnumerable<RunnerReleaseInfo> releases, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(releases);
        return releases.Where(r => r.ParsedVersion is not null && r.PublishedAt <= now).OrderByDescending(r => r.ParsedVersion).ToList();
    }
}
