using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Scaler.Core.Failures;

namespace Scaler.Core.GitHub;

/// <summary>
/// Signs GitHub App JWTs (RS256): <c>iat</c> a minute in the past against clock drift, <c>exp</c>
/// nine minutes ahead (GitHub allows ten), <c>iss</c> the App id. The JWT is a credential: never log it.
/// </summary>
internal sealed class AppJwtFactory : IDisposable
{
    private static readonly TimeSpan Backdate = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);
    private readonly string appId;
    private readonly TimeProvider timeProvider;
    private readonly RSA key;
    private readonly SigningCredentials signing;
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public AppJwtFactory(string appId, string privateKeyPem, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        this.appId = appId;
        this.timeProvider = timeProvider;
        key = RSA.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw GitHubFailures.Failure(FailureKind.Unauthorized, "GitHub__AppPrivateKey is not a PEM RSA private key: paste the App's .pem file, BEGIN and END lines included.", inner: e);
        }

        signing = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256);
    }

    public string Create()
    {
        var now = timeProvider.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = appId,
            IssuedAt = (now - Backdate).UtcDateTime,
            NotBefore = (now - Backdate).UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            SigningCredentials = signing,
        };
        return handler.CreateToken(descriptor);
    }

    public void Dispose() => key.Dispose();
}
