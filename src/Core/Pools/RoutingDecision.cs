namespace Scaler.Core.Pools;

/// <summary>Why a job was not routed to a pool.</summary>
public enum NotRoutedReason
{
    /// <summary>The job's labels lack <c>self-hosted</c>: it is for GitHub-hosted runners.</summary>
    GitHubHosted,

    /// <summary>No pool has all of the job's labels.</summary>
    NoPoolMatches,

    /// <summary>Pools with the labels exist, but none registers runners where the repository can use them.</summary>
    OutOfScope,

    /// <summary>Pools with the labels exist, but their <c>AllowedRepositories</c> exclude the repository.</summary>
    RepositoryNotAllowed,

    /// <summary>Pools with the labels would take the job, but the repository is public (or does not say) and none allows public repositories.</summary>
    PublicRepository,
}

/// <summary>The pool a job goes to, or why it goes nowhere. A larger <see cref="NotRoutedReason"/> is the more specific one.</summary>
public sealed record RoutingDecision(PoolOptions? Pool, NotRoutedReason? Reason)
{
    public static RoutingDecision To(PoolOptions pool) => new(pool, null);

    public static RoutingDecision NotRouted(NotRoutedReason reason) => new(null, reason);

    public string Describe() => Reason switch
    {
        null => $"routed to pool {Pool!.Name}",
        NotRoutedReason.GitHubHosted => "labels lack self-hosted: the job is for GitHub-hosted runners",
        NotRoutedReason.NoPoolMatches => "no pool has all of the job's labels",
        NotRoutedReason.OutOfScope => "the pools with these labels register runners outside the repository's repo, organization or enterprise",
        NotRoutedReason.RepositoryNotAllowed => "the pools with these labels do not allow this repository",
        NotRoutedReason.PublicRepository => "the repository is public and the pools with these labels do not take public repositories: a pull request from a fork could run code on their VMs",
        _ => Reason.ToString()!,
    };
}

/// <summary>Where a job comes from, as far as routing cares.</summary>
public sealed record JobOrigin(string Repository, string? Organization, string? Enterprise, RepositoryVisibility Visibility)
{
    public string RepositoryOwner => Repository.Split('/')[0];
}
