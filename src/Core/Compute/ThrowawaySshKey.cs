using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Scaler.Core.Compute;

/// <summary>
/// An OpenSSH <c>ssh-rsa</c> public key whose private half is never kept: Azure wants a key for a Linux VM
/// with password login disabled, and with this one nobody can log in.
/// </summary>
internal static class ThrowawaySshKey
{
    public static string Create()
    {
        using var rsa = RSA.Create(3072);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        using var blob = new MemoryStream();
        WriteString(blob, "ssh-rsa"u8);
        WriteMpint(blob, parameters.Exponent!);
        WriteMpint(blob, parameters.Modulus!);
        return "ssh-rsa " + Convert.ToBase64String(blob.ToArray()) + " scaler-throwaway";
    }

    private static void WriteString(MemoryStream stream, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        stream.Write(length);
        stream.Write(value);
    }

    /// <summary>An unsigned big-endian integer as an SSH mpint: a leading zero byte when the top bit is set.</summary>
    private static void WriteMpint(MemoryStream stream, byte[] value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        var trimmed = value.AsSpan(start);
        if ((trimmed[0] & 0x80) != 0)
        {
            var padded = new byte[trimmed.Length + 1];
            trimmed.CopyTo(padded.AsSpan(1));
            WriteString(stream, padded);
        }
        else
        {
            WriteString(stream, trimmed);
        }
    }
}
