using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Octokit;
using Octokit.Internal;
using Scaler.Core.Failures;
using Scaler.Core.Pools;

namespace Scaler.Core.GitHub;

/// <summary>One Octokit client and its <see cref="CredentialGate"/> per credential (the PAT, or one App installation).</summary>
internal sealed record CredentialClient(string Label, IGitHubClient Client, CredentialGate Gate);

/// <summary>
/// Picks the credential for a target and keeps one Octokit client per credential: the App's
/// installation token for repository and organization targets when an App is configured, the PAT
/// otherwise; enterprise targets need the PAT (GitHub does not offer enterprise runner endpoints to Apps).
/// </summary>
internal sealed class GitHubClients : IDisposable
{
    private static readonly ProductHeaderValue Product = new("scaler", "1.0");
    private readonly GitHubOptions options;
    private readonly GitHubClientOptions clientOptions;
    private readonly TimeProvider timeProvider;
    private readonly Uri apiRoot;
    private readonly ConcurrentDictionary<string, Lazy<CredentialClient>> clients = new(StringComparer.Ordinal);
    private readonly AppJwtFactory? jwts;
    private readonly InstallationTokens? tokens;

    public GitHubClients(GitHubOptions options, GitHubClientOptions clientOptions, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientOptions);
        this.options = options;
        this.clientOptions = clientOptions;
        this.timeProvider = timeProvider;
        apiRoot = GitHubApiUrl.Normalize(options.ApiUrl);
        if (options.UsesApp)
        {
            jwts = new AppJwtFactory(options.AppId, options.AppPrivateKey, timeProvider);
            var app = Create("app", new AppJwtCredentialStore(jwts));
            clients["app"] = new Lazy<CredentialClient>(app);
            tokens = new InstallationTokens(app.Client, timeProvider, clientOptions.TokenRefreshMargin, clientOptions.RateLimitBackoff, logger);
        }
    }

    /// <summary>The REST root every client uses.</summary>
    public Uri ApiRoot => apiRoot;

    public async Task<CredentialClient> ResolveAsync(RunnerTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var hasToken = !string.IsNullOrWhiteSpace(options.Token);
        if (target.Scope == RunnerScope.Enterprise || tokens is null)
        {
            if (!hasToken)
            {
                throw GitHubFailures.Failure(
                    FailureKind.Unauthorized,
                    $"enterprise runners need GitHub__Token (a classic personal access token with manage_runners:enterprise): GitHub App installations cannot manage runners of enterprise {target.Owner}");
            }

            return Get("token", () => Create("token", new InMemoryCredentialStore(new Credentials(options.Token, AuthenticationType.Oauth))));
        }

        var app = Get("app", () => throw new InvalidOperationException("The App client is created with the adapter."));
        await app.Gate.WaitAsync(isJitConfig: false, cancellationToken);
        long installationId;
        try
        {
            installationId = await tokens.GetInstallationIdAsync(target, cancellationToken);

            // Warm the token cache here, where the caller's cancellation applies; Octokit's credential store then reads the cache.
            await tokens.GetTokenAsync(installationId, cancellationToken);
        }
        catch (AdapterException e) when (e.Kind == FailureKind.Throttled)
        {
            app.Gate.BlockUntil(timeProvider.GetUtcNow() + (e.RetryAfter ?? clientOptions.RateLimitBackoff));
            throw;
        }

        var label = "installation " + installationId.ToString(CultureInfo.InvariantCulture);
        return Get(label, () => Create(label, new InstallationCredentialStore(tokens, installationId)));
    }

    public void Dispose() => jwts?.Dispose();

    private CredentialClient Get(string label, Func<CredentialClient> create) =>
        clients.GetOrAdd(label, _ => new Lazy<CredentialClient>(create)).Value;

    private CredentialClient Create(string label, ICredentialStore credentials) =>
        new(label, new GitHubClient(new Connection(Product, apiRoot, credentials)), new CredentialGate(timeProvider, clientOptions.JitConfigsPerMinute));
}
