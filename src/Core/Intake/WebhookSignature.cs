using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Scaler.Core.Intake;

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

    /// <summary>Checks <paramref name="header"/> against the HMAC of <paramref name="body"/> under <paramref name="secret"/>.</summary>
    public static SignatureCheck Verify(ReadOnlyMemory<byte> body, string? header, string secret) =>
        Verify(new ReadOnlySequence<byte>(body), header, secret);

    /// <summary>The same check over a body held in segments (<see cref="PooledBody"/>), without joining them.</summary>
    public static SignatureCheck Verify(ReadOnlySequence<byte> body, string? header, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> given = stackalloc byte[SHA256.HashSizeInBytes];
        var parsed = ParseHeader(header, given);
        if (parsed != SignatureCheck.Valid)
        {
            return parsed;
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        foreach (var segment in body)
        {
            hmac.AppendData(segment.Span);
        }

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        hmac.GetHashAndReset(expected);
        return CryptographicOperations.FixedTimeEquals(given, expected) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The header value GitHub would send for <paramref name="body"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary><see cref="SignatureCheck.Valid"/> with the digest in <paramref name="given"/>, or why the header is unusable.</summary>
    private static SignatureCheck ParseHeader(string? header, Span<byte> given)
    {
        if (string.IsNullOrEmpty(header))
        {
            return SignatureCheck.Missing;
        }

        if (!header.StartsWith(Prefix, StringComparison.Ordinal) || header.Length != Prefix.Length + (SHA256.HashSizeInBytes * 2))
        {
            return SignatureCheck.Malformed;
        }

        return Convert.FromHexString(header.AsSpan(Prefix.Length), given, out _, out var written) == OperationStatus.Done && written == given.Length
            ? SignatureCheck.Valid
            : SignatureCheck.Malformed;
    }
}
