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
    private readonly string _appId;
    private readonly TimeProvider _timeProvider;
    private readonly RSA _key;
    private readonly SigningCredentials _signing;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public AppJwtFactory(string appId, string privateKeyPem, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        _appId = appId;
        _timeProvider = timeProvider;
        _key = RSA.Create();
        try
        {
            _key.ImportFromPem(privateKeyPem);
        }
        catch (ArgumentException e)
        {
            _key.Dispose();
            throw GitHubFailures.Failure(FailureKind.Unauthorized, "GitHub__AppPrivateKey is not a PEM RSA private key: paste the App's .pem file, BEGIN and END lines included.", inner: e);
        }

        _signing = new SigningCredentials(new RsaSecurityKey(_key), SecurityAlgorithms.RsaSha256);
    }

    public string Create()
    {
        var now = _timeProvider.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = _appId,
            IssuedAt = (now - Backdate).UtcDateTime,
            NotBefore = (now - Backdate).UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            SigningCredentials = _signing,
        };
        return _handler.CreateToken(descriptor);
    }

    public void Dispose() => _key.Dispose();
}
