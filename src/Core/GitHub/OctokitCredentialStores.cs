using Octokit;

namespace Scaler.Core.GitHub;

/// <summary>Gives Octokit a fresh App JWT (Bearer) on every request.</summary>
internal sealed class AppJwtCredentialStore(AppJwtFactory jwts) : ICredentialStore
{
    public Task<Credentials> GetCredentials() => Task.FromResult(new Credentials(jwts.Create(), AuthenticationType.Bearer));
}

/// <summary>Gives Octokit the cached token of one installation, renewed shortly before it expires.</summary>
internal sealed class InstallationCredentialStore(InstallationTokens tokens, long installationId) : ICredentialStore
{
    public async Task<Credentials> GetCredentials() =>
        new(await tokens.GetTokenAsync(installationId, CancellationToken.None), AuthenticationType.Oauth);
}
