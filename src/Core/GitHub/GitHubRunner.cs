namespace Scaler.Core.GitHub;

/// <summary>A self-hosted runner as GitHub reports it.</summary>
public sealed record GitHubRunner(long Id, string Name, bool Online, bool Busy, IReadOnlyList<string> Labels, string? Version);

/// <summary>
/// A workflow job as GitHub reports it (<c>GET /repos/{owner}/{repo}/actions/jobs/{id}</c>). <see cref="Status"/> is
/// GitHub's: <c>queued</c>, <c>in_progress</c>, <c>completed</c>, <c>waiting</c>, <c>requested</c> or <c>pending</c>.
/// </summary>
public sealed record GitHubJob(long Id, long RunId, string Status, string? Conclusion, long? RunnerId, string? RunnerName, DateTimeOffset? CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt)
{
    public bool Started => Status is "in_progress" or "completed";
}

/// <summary>A just-in-time runner registration. The config is a credential: never log it.</summary>
public sealed record JitRunner(long RunnerId, string Name, string EncodedJitConfig)
{
    public override string ToString() => $"JitRunner {{ RunnerId = {RunnerId}, Name = {Name} }}";
}

/// <summary>A runner package GitHub offers at a scope (<c>GET .../actions/runners/downloads</c>).</summary>
public sealed record RunnerDownload(string Os, string Architecture, Uri DownloadUrl, string Sha256);

/// <summary>
/// A published <c>actions/runner</c> release: its version (without the <c>v</c>), when it came out, and the SHA-256
/// of each package its notes list, by platform (<c>linux-x64</c>, <c>linux-arm64</c>, ...).
/// </summary>
public sealed record RunnerReleaseInfo(string Version, DateTimeOffset PublishedAt)
{
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = new Dictionary<string, string>();

    /// <summary>The version as a <see cref="System.Version"/>; null when the tag is not <c>major.minor.patch</c>.</summary>
    public Version? ParsedVersion => System.Version.TryParse(Version, out var version) ? version : null;

    /// <summary>The package's SHA-256 for a platform such as <c>linux-x64</c>; null when the notes list none.</summary>
    public string? Sha256For(string platform) => Checksums.TryGetValue(platform, out var sha) ? sha : null;
}
