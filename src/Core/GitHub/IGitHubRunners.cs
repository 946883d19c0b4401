using Scaler.Core.Failures;

namespace Scaler.Core.GitHub;

/// <summary>
/// GitHub's self-hosted runner API at repository, organization or enterprise scope. Failures are
/// <see cref="AdapterException"/>s of <see cref="AdapterName.GitHub"/>; what a <see cref="FailureKind"/> means for a call is
/// said at the call.
/// </summary>
public interface IGitHubRunners
{
    /// <summary>
    /// <c>POST .../actions/runners/generate-jitconfig</c>. A runner of that name exists: <see cref="FailureKind.Conflict"/>;
    /// the runner group is full: <see cref="FailureKind.CapacityUnavailable"/>.
    /// </summary>
    Task<JitRunner> GenerateJitConfigAsync(RunnerTarget target, string name, IReadOnlyList<string> labels, long runnerGroupId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /orgs/{org}/actions/runner-groups/{id}</c> (with <c>.../repositories</c> for a group of selected
    /// repositories) or <c>GET /enterprises/{enterprise}/actions/runner-groups/{id}</c> (with <c>.../organizations</c>);
    /// null when GitHub does not know the group. Repository targets have no runner groups.
    /// </summary>
    Task<RunnerGroupAccess?> GetRunnerGroupAsync(RunnerTarget target, long runnerGroupId, CancellationToken cancellationToken);

    /// <summary><c>GET .../actions/runners/{id}</c>; null when GitHub does not know the runner.</summary>
    Task<GitHubRunner?> GetRunnerAsync(RunnerTarget target, long runnerId, CancellationToken cancellationToken);

    /// <summary>All runners at the target, every page.</summary>
    Task<IReadOnlyList<GitHubRunner>> ListRunnersAsync(RunnerTarget target, CancellationToken cancellationToken);

    /// <summary><c>DELETE .../actions/runners/{id}</c>; true when deleted, false when it was already gone.
    /// A busy runner is <see cref="FailureKind.Conflict"/>.</summary>
    Task<bool> DeleteRunnerAsync(RunnerTarget target, long runnerId, CancellationToken cancellationToken);

    /// <summary><c>GET /repos/{owner}/{repo}/actions/jobs/{id}</c>; null when GitHub does not know the job.</summary>
    Task<GitHubJob?> GetJobAsync(RunnerTarget repository, long jobId, CancellationToken cancellationToken);

    /// <summary><c>POST /repos/{owner}/{repo}/actions/jobs/{id}/rerun</c> (needs the Actions write permission).</summary>
    Task RerunJobAsync(RunnerTarget repository, long jobId, CancellationToken cancellationToken);

    /// <summary><c>GET .../actions/runners/downloads</c>: the runner packages, with SHA-256 checksums.</summary>
    Task<IReadOnlyList<RunnerDownload>> ListDownloadsAsync(RunnerTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /repos/actions/runner/releases</c> (the newest hundred), with the target's credential: published releases
    /// only (no drafts, no prereleases), newest first, each with the checksums from its notes.
    /// </summary>
    Task<IReadOnlyList<RunnerReleaseInfo>> ListReleasesAsync(RunnerTarget target, CancellationToken cancellationToken);
}
