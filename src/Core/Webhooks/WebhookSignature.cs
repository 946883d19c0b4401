using System.Security.Cryptography;
using System.Text;

namespace Scaler.Core.Webhooks;

/// <summary>Outcome of checking <c>X-Hub-Signature-256</c>.</summary>
public enum SignatureCheck
{
    Valid,
    Missing,
    Malformed,
    Mismatch,
}

/// <summary>Verifies GitHub's HMAC-SHA256 webhook signature in constant time.</summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    public static SignatureCheck Verify(ReadOnlySpan<byte> body, string? header, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrEmpty(header))
        {
            return SignatureCheck.Missing;
        }

        if (!header.StartsWith(Prefix, StringComparison.Ordinal) || header.Length != Prefix.Length + (SHA256.HashSizeInBytes * 2))
        {
            return SignatureCheck.Malformed;
        }

        Span<byte> given = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != given.Length)
        {
            return SignatureCheck.Malformed;
        }

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The header value GitHub would send for <paramref name="body"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
