namespace Scaler.Core.GitHub;

// Wire models for the calls Octokit lacks (generate-jitconfig, get runner, runner groups) and for listing, since
// Octokit's Runner has no "version". Octokit's serializer maps snake_case to these names.
#pragma warning disable CA1812 // Instantiated by Octokit's serializer.

internal sealed class JitConfigRequest
{
    public string Name { get; set; } = "";

    public long RunnerGroupId { get; set; }

    public IReadOnlyList<string> Labels { get; set; } = [];

    public string WorkFolder { get; set; } = "_work";
}

internal sealed class JitConfigResponse
{
    public RunnerModel? Runner { get; set; }

    public string EncodedJitConfig { get; set; } = "";
}

internal sealed class RunnerPage
{
    public int TotalCount { get; set; }

    public IReadOnlyList<RunnerModel> Runners { get; set; } = [];
}

internal sealed class RunnerModel
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Status { get; set; } = "";

    public bool Busy { get; set; }

    public string? Version { get; set; }

    public IReadOnlyList<RunnerLabelModel> Labels { get; set; } = [];

    public GitHubRunner ToRunner() => new(
        Id,
        Name,
        string.Equals(Status, "online", StringComparison.OrdinalIgnoreCase),
        Busy,
        Labels.Select(l => l.Name).ToList(),
        Version);
}

internal sealed class RunnerGroupModel
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary><c>all</c>, <c>selected</c> or <c>private</c> (organization groups); <c>all</c> or <c>selected</c> (enterprise groups).</summary>
    public string Visibility { get; set; } = "";

    public bool AllowsPublicRepositories { get; set; }
}

/// <summary>One page of a runner group's selected repositories (organization) or organizations (enterprise).</summary>
internal sealed class RunnerGroupMemberPage
{
    public int TotalCount { get; set; }

    public IReadOnlyList<RunnerGroupRepositoryModel> Repositories { get; set; } = [];

    public IReadOnlyList<RunnerGroupOrganizationModel> Organizations { get; set; } = [];
}

internal sealed class RunnerGroupRepositoryModel
{
    public string FullName { get; set; } = "";
}

internal sealed class RunnerGroupOrganizationModel
{
    public string Login { get; set; } = "";
}

internal sealed class RunnerDownloadModel
{
    public string Os { get; set; } = "";

    public string Architecture { get; set; } = "";

    public string DownloadUrl { get; set; } = "";

    public string Sha256Checksum { get; set; } = "";
}

internal sealed class ReleaseModel
{
    public string TagName { get; set; } = "";

    public bool Draft { get; set; }

    public bool Prerelease { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public string? Body { get; set; }
}

internal sealed class RunnerLabelModel
{
    public string Name { get; set; } = "";
}
