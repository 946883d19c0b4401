namespace Scaler.Core.GitHub;

/// <summary>
/// What every call on one credential waits for: the end of a rate-limit pause that GitHub asked
/// for (<c>retry-after</c> / <c>x-ratelimit-reset</c>), and, for <c>generate-jitconfig</c>, a place
/// in the pace of at most <see cref="GitHubClientOptions.JitConfigsPerMinute"/> calls in any
/// minute. The pace is a sliding window (the N+1st call starts a minute after the first of the last
/// N), so no minute ever holds more than N calls, unlike a bucket that can spend its burst and its
/// refill in the same minute. Waiting uses the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class CredentialGate(TimeProvider timeProvider, int jitConfigsPerMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock gate = new();
    private readonly Queue<DateTimeOffset> jitStarts = new();
    private DateTimeOffset blockedUntil = DateTimeOffset.MinValue;

    /// <summary>When calls may resume after a rate limit; <see cref="DateTimeOffset.MinValue"/> when not blocked.</summary>
    public DateTimeOffset BlockedUntil
    {
        get
        {
            lock (gate)
            {
                return blockedUntil;
            }
        }
    }

    /// <summary>Waits until the credential may be used; returns how long it waited (for logging).</summary>
    public async Task<TimeSpan> WaitAsync(bool isJitConfig, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            var delay = ReserveOrDelay(isJitConfig);
            if (delay <= TimeSpan.Zero)
            {
                return waited;
            }

            await Task.Delay(delay, timeProvider, cancellationToken);
            waited += delay;
        }
    }

    /// <summary>Makes every call on this credential wait until <paramref name="until"/> (never shortens a pause).</summary>
    public void BlockUntil(DateTimeOffset until)
    {
        lock (gate)
        {
            if (until > blockedUntil)
            {
                blockedUntil = until;
            }
        }
    }

    private TimeSpan ReserveOrDelay(bool isJitConfig)
    {
        lock (gate)
        {
            var now = timeProvider.GetUtcNow();
            if (blockedUntil > now)
            {
                return blockedUntil - now;
            }

            if (!isJitConfig || jitConfigsPerMinute <= 0)
            {
                return TimeSpan.Zero;
            }

            while (jitStarts.Count > 0 && jitStarts.Peek() + Window <= now)
            {
                jitStarts.Dequeue();
            }

            if (jitStarts.Count >= jitConfigsPerMinute)
            {
                return jitStarts.Peek() + Window - now;
            }

            jitStarts.Enqueue(now);
            return TimeSpan.Zero;
        }
    }
}
