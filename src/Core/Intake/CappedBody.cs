namespace Scaler.Core.Intake;

/// <summary>
/// Reads a request body once into a <see cref="PooledBody"/> that grows only as bytes arrive: a declared
/// <c>Content-Length</c> can refuse a body but never sizes a buffer. Stops at the size cap, at the budget for
/// unauthenticated bodies, and at the whole-body deadline.
/// </summary>
public static class CappedBody
{
    /// <summary>GitHub does not send payloads over 25 MB.</summary>
    public const int MaxBytes = 25 * 1024 * 1024;

    public static async Task<BodyRead> ReadAsync(
        Stream body,
        long? declaredLength,
        BodyLimits limits,
        UnauthenticatedBodyBudget budget,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(time);
        if (declaredLength > limits.MaxBytes)
        {
            return new BodyRead(BodyStatus.TooLarge);
        }

        using var deadline = new CancellationTokenSource(limits.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var pooled = new PooledBody(budget);
        var status = BodyStatus.Incomplete;
        try
        {
            status = await FillAsync(body, pooled, limits.MaxBytes, linked.Token);
            return status == BodyStatus.Read ? new BodyRead(status, pooled) : new BodyRead(status);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            status = BodyStatus.TimedOut;
            return new BodyRead(status);
        }
        catch (IOException)
        {
            // The sender went away, or Kestrel gave up on it (BadHttpRequestException is an IOException).
            return new BodyRead(status);
        }
        finally
        {
            if (status != BodyStatus.Read)
            {
                pooled.Dispose();
            }
        }
    }

    private static async Task<BodyStatus> FillAsync(Stream body, PooledBody pooled, int maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var space = pooled.NextSpace();
            if (space.IsEmpty)
            {
                return BodyStatus.OverBudget;
            }

            // Never read more than one byte past the cap: that byte is enough to know the body is too large.
            var wanted = (int)Math.Min(space.Length, maxBytes + 1L - pooled.Length);
            var read = await body.ReadAsync(space[..wanted], cancellationToken);
            if (read == 0)
            {
                return BodyStatus.Read;
            }

            pooled.Advance(read);
            if (pooled.Length > maxBytes)
            {
                return BodyStatus.TooLarge;
            }
        }
    }
}
