using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;
using Scaler.Core.Failures;
using Scaler.Core.Pools;

namespace Scaler.Core.GitHub;

/// <summary>
/// <see cref="IGitHubRunners"/> over Octokit: its <c>ApiConnection</c> pages runner lists and deletes
/// runners; JIT configs and single runners (which Octokit lacks) go through the same connection.
/// Every call first waits at its credential's <see cref="CredentialGate"/>; a rate limit makes the
/// gate hold every later call on that credential until GitHub's time. There are no retries here:
/// the caller (a queue message) retries on <see cref="AdapterException"/>.
/// </summary>
public sealed class OctokitGitHubRunners : IGitHubRunners, IDisposable
{
    private const string JsonMediaType = "application/json";
    private readonly GitHubClients clients;
    private readonly GitHubClientOptions clientOptions;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    public OctokitGitHubRunners(IOptions<GitHubOptions> options, IOptions<GitHubClientOptions> clientOptions, TimeProvider timeProvider, ILogger<OctokitGitHubRunners> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientOptions);
        this.clientOptions = clientOptions.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
        clients = new GitHubClients(options.Value, this.clientOptions, timeProvider, logger);
    }

    /// <summary>The REST root in use (<c>https://api.github.com/</c> or <c>https://HOST/api/v3/</c>).</summary>
    public Uri ApiRoot => clients.ApiRoot;

    public async Task<JitRunner> GenerateJitConfigAsync(RunnerTarget target, string name, IReadOnlyList<string> labels, long runnerGroupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(labels);
        var body = new JitConfigRequest { Name = name, RunnerGroupId = runnerGroupId, Labels = labels };
        var uri = Uri(target, "actions/runners/generate-jitconfig");
        var response = await SendAsync(target, GitHubOperation.GenerateJitConfig, client =>
            new ApiConnection(client.Connection).Post<JitConfigResponse>(uri, body, JsonMediaType, JsonMediaType, cancellationToken), cancellationToken);
        if (response.Runner is null || string.IsNullOrEmpty(response.EncodedJitConfig))
        {
            throw GitHubFailures.Failure(FailureKind.Transient, "GenerateJitConfig: GitHub's answer had no runner or no encoded_jit_config");
        }

        GitHubClientLog.JitConfigGenerated(logger, response.Runner.Name, response.Runner.Id, target.PathPrefix, runnerGroupId);
        return new JitRunner(response.Runner.Id, response.Runner.Name, response.EncodedJitConfig);
    }

    public async Task<RunnerGroupAccess?> GetRunnerGroupAsync(RunnerTarget target, long runnerGroupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Scope == RunnerScope.Repo)
        {
            throw new ArgumentException("Repository targets have no runner groups.", nameof(target));
        }

        var uri = Uri(target, $"actions/runner-groups/{runnerGroupId}");
        RunnerGroupModel group;
        try
        {
            group = await SendAsync(target, GitHubOperation.GetRunnerGroup, client =>
                new ApiConnection(client.Connection).Get<RunnerGroupModel>(uri), cancellationToken);
        }
        catch (AdapterException e) when (e.Kind == FailureKind.NotFound && e.InnerException is NotFoundException)
        {
            return null;
        }

        var visibility = group.Visibility.ToUpperInvariant() switch
        {
            "ALL" => RunnerGroupVisibility.All,
            "PRIVATE" => RunnerGroupVisibility.Private,

            // "selected", and anything GitHub may add: the narrowest reading.
            _ => RunnerGroupVisibility.Selected,
        };
        IReadOnlyCollection<string> selected = [];
        if (visibility == RunnerGroupVisibility.Selected)
        {
            var members = Uri(target, $"actions/runner-groups/{runnerGroupId}/{(target.Scope == RunnerScope.Enterprise ? "organizations" : "repositories")}");
            var pages = await SendAsync(target, GitHubOperation.GetRunnerGroup, client =>
                new ApiConnection(client.Connection).GetAll<RunnerGroupMemberPage>(members, new ApiOptions { PageSize = 100 }), cancellationToken);
            selected = pages.SelectMany(p => target.Scope == RunnerScope.Enterprise ? p.Organizations.Select(o => o.Login) : p.Repositories.Select(r => r.FullName)).ToList();
        }

        return new RunnerGroupAccess(group.Id, group.Name, visibility, group.AllowsPublicRepositories, selected);
    }

    public async Task<GitHubRunner?> GetRunnerAsync(RunnerTarget target, long runnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var uri = Uri(target, $"actions/runners/{runnerId}");
        try
        {
            var runner = await SendAsync(target, GitHubOperation.GetRunner, client =>
                new ApiConnection(client.Connection).Get<RunnerModel>(uri), cancellationToken);
            return runner.ToRunner();
        }
        catch (AdapterException e) when (e.Kind == FailureKind.NotFound && e.InnerException is NotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<GitHubRunner>> ListRunnersAsync(RunnerTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var uri = Uri(target, "actions/runners");
        var pages = await SendAsync(target, GitHubOperation.ListRunners, client =>
            new ApiConnection(client.Connection).GetAll<RunnerPage>(uri, new ApiOptions { PageSize = 100 }), cancellationToken);
        return pages.SelectMany(p => p.Runners).Select(r => r.ToRunner()).ToList();
    }

    public async Task<bool> DeleteRunnerAsync(RunnerTarget target, long runnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            // DELETE {prefix}/actions/runners/{id} on the escaped prefix (Octokit's helpers do not escape the names).
            var uri = Uri(target, $"actions/runners/{runnerId}");
            await SendAsync(target, GitHubOperation.DeleteRunner, async client =>
            {
                await new ApiConnection(client.Connection).Delete(uri);
                return true;
            }, cancellationToken);
            GitHubClientLog.RunnerDeleted(logger, runnerId, target.PathPrefix);
            return true;
        }
        catch (AdapterException e) when (e.Kind == FailureKind.NotFound && e.InnerException is NotFoundException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<RunnerDownload>> ListDownloadsAsync(RunnerTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var uri = Uri(target, "actions/runners/downloads");
        var downloads = await SendAsync(target, GitHubOperation.ListDownloads, client =>
            new ApiConnection(client.Connection).Get<List<RunnerDownloadModel>>(uri), cancellationToken);
        return downloads
            .Where(d => System.Uri.IsWellFormedUriString(d.DownloadUrl, UriKind.Absolute))
            .Select(d => new RunnerDownload(d.Os, d.Architecture, new Uri(d.DownloadUrl), d.Sha256Checksum))
            .ToList();
    }

    public async Task<IReadOnlyList<RunnerReleaseInfo>> ListReleasesAsync(RunnerTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);

        // One page of 100 reaches back well over a year; the policy and the watch need the last few months.
        var releases = await SendAsync(target, GitHubOperation.ListReleases, client =>
            new ApiConnection(client.Connection).GetAll<ReleaseModel>(new Uri("repos/actions/runner/releases", UriKind.Relative), new ApiOptions { PageSize = 100, PageCount = 1, StartPage = 1 }), cancellationToken);
        return releases
            .Where(r => !r.Draft && !r.Prerelease && r.PublishedAt is not null)
            .Select(r => new RunnerReleaseInfo(r.TagName.TrimStart('v'), r.PublishedAt!.Value) { Checksums = RunnerReleaseNotes.Checksums(r.Body) })
            .Where(r => r.ParsedVersion is not null)
            .OrderByDescending(r => r.ParsedVersion)
            .ToList();
    }

    public async Task<GitHubJob?> GetJobAsync(RunnerTarget repository, long jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        try
        {
            // Octokit's Jobs.Get puts owner and repository into the path unescaped; the escaped prefix keeps them segments.
            var uri = Uri(repository, $"actions/jobs/{jobId}");
            var job = await SendAsync(repository, GitHubOperation.GetJob, client =>
                new ApiConnection(client.Connection).Get<WorkflowJob>(uri), cancellationToken);
            return new GitHubJob(
                job.Id,
                job.RunId,
                job.Status.StringValue,
                job.Conclusion?.StringValue,
                job.RunnerId,
                job.RunnerName,
                job.CreatedAt,
                job.StartedAt,
                job.CompletedAt);
        }
        catch (AdapterException e) when (e.Kind == FailureKind.NotFound && e.InnerException is NotFoundException)
        {
            return null;
        }
    }

    public async Task RerunJobAsync(RunnerTarget repository, long jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var uri = Uri(repository, $"actions/jobs/{jobId}/rerun");
        await SendAsync(repository, GitHubOperation.RerunJob, async client =>
        {
            await new ApiConnection(client.Connection).Post(uri, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public void Dispose() => clients.Dispose();

    private async Task<T> SendAsync<T>(RunnerTarget target, GitHubOperation operation, Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken)
    {
        CredentialClient credential;
        try
        {
            credential = await clients.ResolveAsync(target, cancellationToken);
        }
        catch (AdapterException e)
        {
            // A missing installation is not a missing runner: report it as a lookup failure, not as "gone".
            GitHubClientLog.CallFailed(logger, operation, target.PathPrefix, e.Kind);
            throw GitHubFailures.Failure(e.Kind, e.Message, e.RetryAfter, e);
        }

        var waited = await credential.Gate.WaitAsync(operation == GitHubOperation.GenerateJitConfig, cancellationToken);
        if (waited > TimeSpan.Zero)
        {
            GitHubClientLog.Waited(logger, operation, credential.Label, waited);
        }

        try
        {
            return await call(credential.Client).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow();
            var failure = GitHubFailures.Map(e, operation, now, clientOptions.RateLimitBackoff);
            if (failure.Kind == FailureKind.Throttled)
            {
                var retryAfter = failure.RetryAfter ?? clientOptions.RateLimitBackoff;
                credential.Gate.BlockUntil(now + retryAfter);
                GitHubClientLog.RateLimited(logger, operation, credential.Label, retryAfter, now + retryAfter);
            }
            else if (!Expected(failure, operation))
            {
                GitHubClientLog.CallFailed(logger, operation, target.PathPrefix, failure.Kind);
            }

            throw failure;
        }
    }

    /// <summary>A runner that is gone, or a name already registered (the provisioner replaces it): answers, not failures.</summary>
    private static bool Expected(AdapterException failure, GitHubOperation operation) =>
        failure.Kind == FailureKind.NotFound || (failure.Kind == FailureKind.Conflict && operation == GitHubOperation.GenerateJitConfig);

    private static Uri Uri(RunnerTarget target, string path) => new($"{target.PathPrefix}/{path}", UriKind.Relative);
}
