using Microsoft.Extensions.Options;

namespace Scaler.Core.Pools;

/// <summary>
/// Sends a job to the first pool whose labels (plus <c>self-hosted</c>) contain all of the job's labels,
/// case-insensitively, whose scope covers the job's repository, which allows that repository and, when the
/// repository is public, allows public repositories.
/// </summary>
public sealed class PoolRouter(IOptions<ScalerOptions> options)
{
    public const string SelfHosted = "self-hosted";

    public RoutingDecision Route(IReadOnlyCollection<string> jobLabels, JobOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(jobLabels);
        ArgumentNullException.ThrowIfNull(origin);
        if (!jobLabels.Contains(SelfHosted, StringComparer.OrdinalIgnoreCase))
        {
            return RoutingDecision.NotRouted(NotRoutedReason.GitHubHosted);
        }

        var best = NotRoutedReason.NoPoolMatches;
        foreach (var pool in options.Value.Pools)
        {
            if (!HasLabels(pool, jobLabels))
            {
                continue;
            }

            if (!Covers(pool, origin))
            {
                best = MoreSpecific(best, NotRoutedReason.OutOfScope);
                continue;
            }

            if (!Allows(pool, origin.Repository))
            {
                best = MoreSpecific(best, NotRoutedReason.RepositoryNotAllowed);
                continue;
            }

            if (origin.Visibility == RepositoryVisibility.Public && !pool.AllowPublicRepositories)
            {
                best = MoreSpecific(best, NotRoutedReason.PublicRepository);
                continue;
            }

            return RoutingDecision.To(pool);
        }

        return RoutingDecision.NotRouted(best);
    }

    private static NotRoutedReason MoreSpecific(NotRoutedReason a, NotRoutedReason b) => a > b ? a : b;

    private static bool HasLabels(PoolOptions pool, IEnumerable<string> jobLabels) =>
        jobLabels.All(label =>
            string.Equals(label, SelfHosted, StringComparison.OrdinalIgnoreCase)
            || pool.Labels.Contains(label, StringComparer.OrdinalIgnoreCase));

    /// <summary>Runners registered at a repository serve only it; at an organization, only its repositories.</summary>
    private static bool Covers(PoolOptions pool, JobOrigin origin) => pool.RunnerScope switch
    {
        RunnerScope.Repo => Same(pool.Owner, origin.Repository),
        RunnerScope.Org => Same(pool.Owner, origin.RepositoryOwner),
        // Deliveries name the enterprise for enterprise hooks and organizations inside one; one that names none comes
        // from outside every enterprise (a personal repository, say), so an enterprise pool never takes it.
        RunnerScope.Enterprise => origin.Enterprise is not null && Same(pool.Owner, origin.Enterprise),
        _ => false,
    };

    private static bool Allows(PoolOptions pool, string repository) =>
        pool.AllowedRepositories.Count == 0
        || pool.AllowedRepositories.Any(pattern => pattern.EndsWith("/*", StringComparison.Ordinal)
            ? repository.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : Same(pattern, repository));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
