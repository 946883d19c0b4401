using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Octokit;
using Scaler.Core.Failures;
using Scaler.Core.Pools;

namespace Scaler.Core.GitHub;

/// <summary>
/// GitHub App installation tokens, cached per installation until <c>TokenRefreshMargin</c> before
/// they expire; concurrent callers share one refresh. Also finds (and caches) the installation of
/// an organization or repository when a delivery did not name it. Calls use the App JWT client.
/// </summary>
internal sealed class InstallationTokens(IGitHubClient appClient, TimeProvider timeProvider, TimeSpan refreshMargin, TimeSpan rateLimitBackoff, ILogger logger)
{
    private readonly ConcurrentDictionary<long, TokenSlot> tokens = new();
    private readonly ConcurrentDictionary<string, long> installations = new(StringComparer.OrdinalIgnoreCase);

    public async Task<string> GetTokenAsync(long installationId, CancellationToken cancellationToken)
    {
        var slot = tokens.GetOrAdd(installationId, _ => new TokenSlot());
        if (slot.Fresh(timeProvider.GetUtcNow(), refreshMargin) is { } cached)
        {
            return cached;
        }

        await slot.Refresh.WaitAsync(cancellationToken);
        try
        {
            if (slot.Fresh(timeProvider.GetUtcNow(), refreshMargin) is { } refreshed)
            {
                return refreshed;
            }

            AccessToken token;
            try
            {
                token = await appClient.GitHubApps.CreateInstallationToken(installationId).WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw GitHubFailures.Map(e, GitHubOperation.InstallationToken, timeProvider.GetUtcNow(), rateLimitBackoff);
            }

            slot.Set(token.Token, token.ExpiresAt);
            GitHubClientLog.TokenIssued(logger, installationId, token.ExpiresAt);
            return token.Token;
        }
        finally
        {
            slot.Refresh.Release();
        }
    }

    /// <summary>The installation id of the target's organization or repository (looked up once).</summary>
    public async Task<long> GetInstallationIdAsync(RunnerTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.InstallationId is { } known)
        {
            return known;
        }

        var key = target.PathPrefix;
        if (installations.TryGetValue(key, out var cached))
        {
            return cached;
        }

        Installation installation;
        try
        {
            // GET repos/{owner}/{repo}/installation or orgs/{org}/installation, on the escaped path prefix rather than
            // Octokit's helpers, which put the names into the path as they are.
            installation = target.Scope switch
            {
                RunnerScope.Repo when target.Owner.Split('/') is [_, _] => await GetInstallationAsync(key, cancellationToken),
                RunnerScope.Org => await GetInstallationAsync(key, cancellationToken),
                _ => throw GitHubFailures.Failure(FailureKind.NotFound, $"No GitHub App installation for {key}: a repository target must be owner/repo"),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw GitHubFailures.Map(e, GitHubOperation.InstallationLookup, timeProvider.GetUtcNow(), rateLimitBackoff);
        }

        installations[key] = installation.Id;
        GitHubClientLog.InstallationResolved(logger, target.Scope, target.Owner, installation.Id);
        return installation.Id;
    }

    private Task<Installation> GetInstallationAsync(string pathPrefix, CancellationToken cancellationToken) =>
        new ApiConnection(appClient.Connection).Get<Installation>(new Uri($"{pathPrefix}/installation", UriKind.Relative)).WaitAsync(cancellationToken);

    private sealed class TokenSlot
    {
        private readonly Lock gate = new();
        private string? token;
        private DateTimeOffset expiresAt;

        public SemaphoreSlim Refresh { get; } = new(1, 1);

        public string? Fresh(DateTimeOffset now, TimeSpan margin)
        {
            lock (gate)
            {
                return token is not null && now < expiresAt - margin ? token : null;
            }
        }

        public void Set(string token, DateTimeOffset expiresAt)
        {
            lock (gate)
            {
                this.token = token;
                this.expiresAt = expiresAt;
            }
        }
    }
}
