namespace Scaler.Core.GitHub;

/// <summary>How the GitHub client paces itself; bound from the <c>GitHub</c> section beside <see cref="GitHubOptions"/>.</summary>
public sealed class GitHubClientOptions
{
    /// <summary>
    /// Most <c>generate-jitconfig</c> calls per credential in any 60 seconds (default 150). GitHub's
    /// secondary limit is 900 points per minute per endpoint and a POST costs 5, so 180 is the ceiling.
    /// </summary>
    public int JitConfigsPerMinute { get; set; } = 150;

    /// <summary>How long to hold back after a rate-limit answer that names no time (default 60 s).</summary>
    public TimeSpan RateLimitBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Renew an installation token this long before it expires (default 5 min).</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);
}
