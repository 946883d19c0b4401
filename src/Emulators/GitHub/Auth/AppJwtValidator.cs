using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Scaler.Emulators.GitHub.Auth;

/// <summary>Checks a GitHub App JWT: RS256 signature by the App's key, <c>iss</c> = app id, <c>exp</c> in the future and at most 10 minutes away.</summary>
internal sealed class AppJwtValidator(long appId, RSA publicKey, TimeProvider timeProvider)
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ClockDrift = TimeSpan.FromSeconds(30);
    private readonly JsonWebTokenHandler handler = new();
    private readonly RsaSecurityKey key = new(publicKey);

    public static bool LooksLikeJwt(string credential) => credential.Count(c => c == '.') == 2 && credential.StartsWith("eyJ", StringComparison.Ordinal);

    public async Task<AuthResult> ValidateAsync(string jwt)
    {
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = true,
        };
        var result = await handler.ValidateTokenAsync(jwt, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return AuthResult.Fail("A JSON web token could not be decoded");
        }

        if (!token.TryGetPayloadValue<object>("iss", out var issuer) || !string.Equals(Convert.ToString(issuer, System.Globalization.CultureInfo.InvariantCulture), appId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            return AuthResult.Fail("A JSON web token could not be decoded");
        }

        var now = timeProvider.GetUtcNow();
        var expires = new DateTimeOffset(token.ValidTo, TimeSpan.Zero);
        if (expires <= now)
        {
            return AuthResult.Fail("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
        }

        if (expires > now + MaxLifetime + ClockDrift)
        {
            return AuthResult.Fail("'Expiration time' claim ('exp') is too far in the future");
        }

        if (token.ValidFrom != DateTime.MinValue && new DateTimeOffset(token.ValidFrom, TimeSpan.Zero) > now + ClockDrift)
        {
            return AuthResult.Fail("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
        }

        return AuthResult.Ok(CallerIdentity.App(appId));
    }
}
