using Scaler.Core.Pools;

namespace Scaler.Core.GitHub;

/// <summary>Where runners are managed at GitHub: a repository, an organization or an enterprise.</summary>
/// <param name="InstallationId">The GitHub App installation, when the delivery named it; looked up otherwise.</param>
public sealed record RunnerTarget(RunnerScope Scope, string Owner, long? InstallationId = null)
{
    public static RunnerTarget For(PoolOptions pool, long? installationId = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return new RunnerTarget(pool.RunnerScope, pool.Owner, installationId);
    }

    /// <summary>
    /// The REST path prefix: <c>repos/o/r</c>, <c>orgs/o</c> or <c>enterprises/e</c>, each name escaped as one path
    /// segment. The intake refuses names GitHub would not give, but a <c>#</c>, <c>?</c> or <c>/</c> that got
    /// here anyway must stay inside its segment, never end the path or start a query.
    /// </summary>
    public string PathPrefix => Scope switch
    {
        RunnerScope.Repo when Owner.Split('/') is [var owner, var repo] => $"repos/{Segment(owner)}/{Segment(repo)}",
        RunnerScope.Repo => $"repos/{Segment(Owner)}",
        RunnerScope.Org => $"orgs/{Segment(Owner)}",
        _ => $"enterprises/{Segment(Owner)}",
    };

    /// <summary>
    /// One URL path segment, <see cref="Uri.EscapeDataString(string)"/>. A name that is <c>.</c> or <c>..</c> is
    /// refused: <see cref="Uri"/> unescapes <c>%2E</c> and removes dot segments, so no escaping keeps it one segment.
    /// </summary>
    public static string Segment(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name is "." or ".."
            ? throw new ArgumentException($"'{name}' cannot be a GitHub account or repository name.", nameof(name))
            : Uri.EscapeDataString(name);
    }
}
