using System.Security.Cryptography;
using Scaler.Emulators.Common;

namespace Scaler.Emulators.GitHub;

/// <summary>
/// Configuration of a <see cref="GitHubEmulator"/>. Its clock (<c>TimeProvider</c>) decides token expiry, rate-limit
/// windows, job durations and timeouts.
/// </summary>
public sealed class GitHubEmulatorOptions : EmulatorOptions
{
    /// <summary>Where <c>workflow_job</c> deliveries are POSTed; null sends none.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Secret for <c>X-Hub-Signature-256</c>.</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>GitHub App id, expected as the JWT <c>iss</c> claim.</summary>
    public long AppId { get; set; } = 1;

    /// <summary>Public key that App JWTs must be signed with (RS256).</summary>
    public RSA? AppPublicKey { get; set; }

    /// <summary>Personal access tokens accepted on every endpoint, including enterprise ones.</summary>
    public IList<string> PersonalAccessTokens { get; } = [];

    public IList<EnterpriseSeed> Enterprises { get; } = [];

    public IList<OrganizationSeed> Organizations { get; } = [];

    public IList<RepositorySeed> Repositories { get; } = [];

    /// <summary>Runner groups beyond each organization's and enterprise's default group (id 1: all repositories, no public ones).</summary>
    public IList<RunnerGroupSeed> RunnerGroups { get; } = [];

    /// <summary>Runner releases; the newest published is served as <c>releases/latest</c>. More: <see cref="GitHubEmulator.PublishRelease"/>.</summary>
    public IList<RunnerRelease> RunnerReleases { get; } = [];

    /// <summary>Maximum runners per runner group and scope (GitHub: 10,000).</summary>
    public int RunnerGroupCapacity { get; set; } = 10_000;

    /// <summary>Primary quota per token per hour (GitHub: 5,000 for an installation).</summary>
    public int PrimaryRequestsPerHour { get; set; } = 5_000;

    /// <summary>Secondary points per endpoint per minute (GET 1, POST/PUT/PATCH/DELETE 5): 900 lets 180 JIT configs through a minute.</summary>
    public int SecondaryPointsPerMinute { get; set; } = 900;

    /// <summary>Secondary limit on one credential's requests in flight at once (GitHub: 100); null (the default) sets none.</summary>
    public int? SecondaryMaxConcurrentRequests { get; set; }

    /// <summary>The status secondary limits answer with: GitHub sends 403 or 429 (the default here), with <c>retry-after</c>.</summary>
    public int SecondaryLimitStatus { get; set; } = 429;

    /// <summary>Lifetime of installation, registration and remove tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a job may stay queued before it fails.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a runner may lag behind a newer release before it gets no jobs.</summary>
    public TimeSpan RunnerVersionGrace { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Default job duration when a queued job names none.</summary>
    public TimeSpan DefaultJobDuration { get; set; } = TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (AppPublicKey is null)
        {
            throw new InvalidOperationException("GitHubEmulatorOptions.AppPublicKey is required: set the RSA public key App JWTs are signed with.");
        }

        if (SecondaryMaxConcurrentRequests is < 1)
        {
            throw new InvalidOperationException($"GitHubEmulatorOptions.SecondaryMaxConcurrentRequests must be at least 1 or null, was {SecondaryMaxConcurrentRequests}.");
        }

        if (SecondaryLimitStatus is not (403 or 429))
        {
            throw new InvalidOperationException($"GitHubEmulatorOptions.SecondaryLimitStatus must be 403 or 429 (what GitHub sends), was {SecondaryLimitStatus}.");
        }

        if (RunnerGroupCapacity < 1)
        {
            throw new InvalidOperationException($"GitHubEmulatorOptions.RunnerGroupCapacity must be at least 1, was {RunnerGroupCapacity}.");
        }
    }
}

public sealed record EnterpriseSeed(string Slug, long Id);

/// <summary>An organization; <paramref name="InstallationId"/> installs the App on it.</summary>
public sealed record OrganizationSeed(string Login, long Id, long? InstallationId = null, string? EnterpriseSlug = null);

public sealed record RepositorySeed(string FullName, long Id, bool Private = true);

/// <summary>
/// A runner group of organization <paramref name="Owner"/> (or of that enterprise, when <paramref name="Enterprise"/>).
/// <paramref name="Visibility"/> is GitHub's: <c>all</c>, <c>selected</c> or <c>private</c> (organizations), <c>all</c> or
/// <c>selected</c> (enterprises); <paramref name="Selected"/> names seeded repositories (<c>owner/name</c>) or organizations.
/// Seeding id 1 replaces the default group.
/// </summary>
public sealed record RunnerGroupSeed(string Owner, long Id, string Name, string Visibility = "all", bool AllowsPublicRepositories = false, IReadOnlyList<string>? Selected = null, bool Enterprise = false);

/// <summary>
/// A runner release, e.g. <c>new RunnerRelease("2.330.0", publishedAt)</c>: out from <paramref name="PublishedAt"/> on
/// (listed, offered for download, and counted by the 30-day rule). A <paramref name="Prerelease"/> is listed but
/// neither offered nor counted; a <paramref name="Draft"/> is listed unpublished (<c>published_at</c> null).
/// </summary>
public sealed record RunnerRelease(string Version, DateTimeOffset PublishedAt, bool Prerelease = false, bool Draft = false)
{
    /// <summary>A full release that counts for downloads, <c>releases/latest</c> and the 30-day rule.</summary>
    internal bool IsFinal => !Prerelease && !Draft;
}
