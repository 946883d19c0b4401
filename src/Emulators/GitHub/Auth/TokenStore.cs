using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Scaler.Emulators.GitHub.Auth;

/// <summary>Installation tokens, PATs and runner registration/remove tokens, each with its expiry on the emulator's clock.</summary>
internal sealed class TokenStore(TimeProvider timeProvider, TimeSpan lifetime, IEnumerable<string> personalAccessTokens, Action<string> issued)
{
    private readonly ConcurrentDictionary<string, (long InstallationId, DateTimeOffset ExpiresAt)> installationTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> runnerTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> pats = new(personalAccessTokens, StringComparer.Ordinal);

    public (string Token, DateTimeOffset ExpiresAt) IssueInstallationToken(long installationId)
    {
        var token = NewToken("ghs_");
        var expiresAt = timeProvider.GetUtcNow() + lifetime;
        installationTokens[token] = (installationId, expiresAt);
        issued(token);
        return (token, expiresAt);
    }

    public (string Token, DateTimeOffset ExpiresAt) IssueRunnerToken()
    {
        var token = NewToken("A").ToUpperInvariant();
        var expiresAt = timeProvider.GetUtcNow() + lifetime;
        runnerTokens[token] = expiresAt;
        issued(token);
        return (token, expiresAt);
    }

    public AuthResult Authenticate(string credential)
    {
        if (pats.Contains(credential))
        {
            return AuthResult.Ok(CallerIdentity.Pat(credential));
        }

        if (installationTokens.TryGetValue(credential, out var entry))
        {
            return entry.ExpiresAt > timeProvider.GetUtcNow()
                ? AuthResult.Ok(CallerIdentity.Installation(entry.InstallationId))
                : AuthResult.Fail("Bad credentials");
        }

        return AuthResult.Fail("Bad credentials");
    }

    private static string NewToken(string prefix) =>
        prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
}
