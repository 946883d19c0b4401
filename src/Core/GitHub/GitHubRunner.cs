namespace Scaler.Core.GitHub;

/// <summary>A self-hosted runner as GitHub reports it.</summary>
public sealed record GitHubRunner(long Id, string Name, bool Online, bool Busy, IReadOnlyList<string> Labels, string? Version);

/// <summary>A just-in-time runner registration. The config is a credential: never log it.</summary>
public sealed record JitRunner(long RunnerId, string Name, string EncodedJitConfig)
{
    public override string ToString() => $"JitRunner {{ RunnerId = {RunnerId}, Name = {Name} }}";
}

/// <summary>A runner package GitHub offers at a scope (<c>GET .../actions/runners/downloads</c>).</summary>
public sealed record RunnerDownload(string Os, string Architecture, Uri DownloadUrl, string Sha256);

/// <summary>The newest <c>actions/runner</c> release.</summary>
public sealed record RunnerReleaseInfo(string Version, DateTimeOffset PublishedAt);
