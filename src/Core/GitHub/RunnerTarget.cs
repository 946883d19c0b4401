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

    /// <summary>The REST path prefix: <c>repos/o/r</c>, <c>orgs/o</c> or <c>enterprises/e</c>.</summary>
    public string PathPrefix => Scope switch
    {
        RunnerScope.Repo => $"repos/{Owner}",
        RunnerScope.Org => $"orgs/{Owner}",
        _ => $"enterprises/{Owner}",
    };
}
