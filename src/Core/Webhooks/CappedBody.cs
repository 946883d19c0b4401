namespace Scaler.Core.Webhooks;

/// <summary>Reads a request body once, refusing bodies larger than a cap without buffering them.</summary>
public static class CappedBody
{
    /// <summary>GitHub does not send payloads over 25 MB.</summary>
    public const int MaxBytes = 25 * 1024 * 1024;

    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long? declaredLength, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (declaredLength > maxBytes)
        {
            return null;
        }

        var capacity = (int)Math.Min(declaredLength ?? 16 * 1024, maxBytes);
        using var buffer = new MemoryStream(capacity);
        var chunk = new byte[Math.Min(81_920, maxBytes + 1)];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
