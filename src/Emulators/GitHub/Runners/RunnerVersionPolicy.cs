namespace Scaler.Emulators.GitHub.Runners;

/// <summary>
/// GitHub's runner update rule: once the first release newer than a runner's version has been out for
/// longer than the grace period (30 days), jobs are no longer queued to that runner, whatever came after.
/// Prereleases and drafts count for nothing.
/// </summary>
internal sealed class RunnerVersionPolicy(TimeProvider timeProvider, TimeSpan grace)
{
    private readonly Lock gate = new();
    private readonly List<RunnerRelease> releases = [];

    public void Add(RunnerRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        _ = Version.Parse(release.Version);
        lock (gate)
        {
            releases.Add(release);
        }
    }

    public RunnerRelease? Latest
    {
        get
        {
            lock (gate)
            {
                return releases.Where(r => r.IsFinal && r.PublishedAt <= timeProvider.GetUtcNow()).MaxBy(r => Version.Parse(r.Version));
            }
        }
    }

    /// <summary>What <c>GET /repos/actions/runner/releases</c> lists: drafts, and the others once published; newest first.</summary>
    public IReadOnlyList<RunnerRelease> Listed
    {
        get
        {
            var now = timeProvider.GetUtcNow();
            lock (gate)
            {
                return [.. releases.Where(r => r.Draft || r.PublishedAt <= now).OrderByDescending(r => r.PublishedAt).ThenByDescending(r => Version.Parse(r.Version))];
            }
        }
    }

    public bool IsOutdated(string? runnerVersion)
    {
        if (runnerVersion is null || !Version.TryParse(runnerVersion.TrimStart('v'), out var version))
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        lock (gate)
        {
            var firstNewer = releases
                .Where(r => r.IsFinal && Version.Parse(r.Version) > version && r.PublishedAt <= now)
                .MinBy(r => r.PublishedAt);
            return firstNewer is not null && now - firstNewer.PublishedAt > grace;
        }
    }
}
