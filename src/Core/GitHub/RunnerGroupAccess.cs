using Scaler.Core.Pools;

namespace Scaler.Core.GitHub;

/// <summary>Which repositories (organization groups) or organizations (enterprise groups) a runner group serves.</summary>
public enum RunnerGroupVisibility
{
    /// <summary>Every repository, or every organization of the enterprise.</summary>
    All,

    /// <summary>Only those in <see cref="RunnerGroupAccess.Selected"/>.</summary>
    Selected,

    /// <summary>Organization groups only: every private (or internal) repository.</summary>
    Private,
}

/// <summary>
/// Who may use a runner group's runners (<c>GET .../actions/runner-groups/{id}</c>): GitHub gives a job to one of its
/// runners only when the group serves the job's repository, so a VM made for a job the group refuses idles until it
/// is removed.
/// </summary>
/// <param name="Selected">For <see cref="RunnerGroupVisibility.Selected"/>: repository full names (organization groups)
/// or organization logins (enterprise groups); empty otherwise.</param>
public sealed record RunnerGroupAccess(long Id, string Name, RunnerGroupVisibility Visibility, bool AllowsPublicRepositories, IReadOnlyCollection<string> Selected)
{
    /// <summary>
    /// Why the group's runners cannot take a job of <paramref name="repository"/>, or null when they can. An unknown
    /// <paramref name="visibility"/> (a message written before Scaler read it, of a job the intake let through) is not
    /// held against the repository.
    /// </summary>
    public string? Refuses(RunnerScope scope, string repository, RepositoryVisibility? visibility)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (visibility == RepositoryVisibility.Public && !AllowsPublicRepositories)
        {
            return $"runner group {Name} ({Id}) does not allow public repositories, and {repository} is public";
        }

        if (Visibility == RunnerGroupVisibility.Private && visibility == RepositoryVisibility.Public)
        {
            return $"runner group {Name} ({Id}) serves only private repositories, and {repository} is public";
        }

        if (Visibility != RunnerGroupVisibility.Selected)
        {
            return null;
        }

        if (scope == RunnerScope.Enterprise)
        {
            var organization = repository.Split('/')[0];
            return Selected.Contains(organization, StringComparer.OrdinalIgnoreCase)
                ? null
                : $"runner group {Name} ({Id}) is not shared with organization {organization}";
        }

        return Selected.Contains(repository, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"runner group {Name} ({Id}) does not include repository {repository}";
    }
}
