using System.Text.RegularExpressions;
using Scaler.Core.Jobs;

namespace Scaler.Core.Intake;

/// <summary>
/// GitHub's own rules for the names and ids a signed <c>workflow_job</c> delivery carries. A valid signature says
/// GitHub sent the body, not that every field is small or safe: names reach the queue, table keys, log lines and
/// GitHub API paths, so a value GitHub itself would never produce is refused with 400 (GitHub does not redeliver
/// on its own, and a redelivery of the same body would be refused the same way).
/// </summary>
/// <remarks>
/// Sources: logins (users and organizations) are alphanumeric with single hyphens, at most 39 characters, as the
/// sign-up form says and as the github-limits collection records; older accounts and Enterprise Managed Users
/// (<c>name_shortcode</c>) also hold <c>-</c> at the end, double hyphens or <c>_</c>, so those are allowed, but
/// nothing else. Repository names are ASCII letters, digits, <c>.</c>, <c>-</c> and <c>_</c>, at most 100 characters
/// (docs.github.com, "Repository limits"), and never <c>.</c> or <c>..</c>. Enterprise slugs are URL-safe the same
/// way as logins; GitHub documents no length, so 100 is Scaler's bound. Runner names are at most 64 characters
/// (actions/runner pull request 1710). GitHub documents no length for a label; a routed job's labels equal
/// configured pool labels, which are at most 100 characters, so a longer label or one with control characters is
/// refused, and more than <see cref="MaxLabels"/> of them. Ids are positive 64-bit numbers.
/// </remarks>
public static partial class WorkflowJobRules
{
    public const int MaxLabels = 100;

    /// <summary>A longer label matches no pool (<see cref="Pools.PoolOptionsValidator.MaxLabelLength"/>).</summary>
    public const int MaxLabelLength = Pools.PoolOptionsValidator.MaxLabelLength;

    public const int MaxLoginLength = 39;

    public const int MaxRepositoryNameLength = 100;

    public const int MaxEnterpriseSlugLength = 100;

    public const int MaxRunnerNameLength = 64;

    /// <summary>The first field that breaks GitHub's rules, or null when all hold.</summary>
    public static string? Check(WorkflowJobEvent delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var job = delivery.WorkflowJob!;
        return CheckRepository(delivery.Repository!.FullName!)
            ?? CheckLogin("organization.login", delivery.Organization?.Login)
            ?? CheckSlug(delivery.Enterprise?.Slug)
            ?? (delivery.Installation is { Id: <= 0 } ? "installation.id must be a positive number" : null)
            ?? (job.RunnerId is < 0 ? "workflow_job.runner_id must not be negative" : null)
            ?? CheckRunnerName(job.RunnerName)
            ?? CheckConclusion(job.Conclusion)
            ?? CheckLabels(job.Labels!);
    }

    private static string? CheckRepository(string fullName)
    {
        if (fullName.Split('/') is not [var owner, var name])
        {
            return "repository.full_name must be owner/name";
        }

        return CheckLogin("repository.full_name's owner", owner)
            ?? (name.Length <= MaxRepositoryNameLength && RepositoryName().IsMatch(name) && name is not ("." or "..")
                ? null
                : $"repository.full_name's name must be 1 to {MaxRepositoryNameLength} of A-Z a-z 0-9 . - _, as GitHub names repositories");
    }

    private static string? CheckLogin(string field, string? login) =>
        login is null || (login.Length <= MaxLoginLength && Login().IsMatch(login))
            ? null
            : $"{field} must be 1 to {MaxLoginLength} of A-Z a-z 0-9 - _ starting with a letter or digit, as GitHub names accounts";

    private static string? CheckSlug(string? slug) =>
        slug is null || (slug.Length <= MaxEnterpriseSlugLength && Login().IsMatch(slug))
            ? null
            : $"enterprise.slug must be 1 to {MaxEnterpriseSlugLength} of A-Z a-z 0-9 - _ starting with a letter or digit";

    private static string? CheckRunnerName(string? name) =>
        name is null || (name.Length <= MaxRunnerNameLength && !name.Any(char.IsControl))
            ? null
            : $"workflow_job.runner_name must be at most {MaxRunnerNameLength} characters without control characters";

    private static string? CheckConclusion(string? conclusion) =>
        conclusion is null || Conclusion().IsMatch(conclusion)
            ? null
            : "workflow_job.conclusion is not a GitHub conclusion (lower-case letters and _)";

    private static string? CheckLabels(IReadOnlyList<string> labels)
    {
        if (labels.Count > MaxLabels)
        {
            return $"workflow_job.labels has more than {MaxLabels} labels";
        }

        foreach (var label in labels)
        {
            if (string.IsNullOrWhiteSpace(label))
            {
                return "workflow_job.labels holds an empty label";
            }

            if (label.Length > MaxLabelLength || label.Any(char.IsControl))
            {
                return $"workflow_job.labels holds a label longer than {MaxLabelLength} characters or with control characters";
            }
        }

        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Login();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryName();

    [GeneratedRegex(@"^[a-z_]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Conclusion();
}
