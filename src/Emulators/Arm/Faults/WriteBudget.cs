namespace Scaler.Emulators.Arm.Faults;

/// <summary>A per-subscription token bucket for writes, refilled on the emulator's clock, as ARM throttles.</summary>
internal sealed class WriteBudget(TimeProvider timeProvider, int burst, double refillPerSecond)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> buckets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes one write; when the budget is spent returns false and how long until the next token.</summary>
    public bool TryTake(string subscriptionId, out int remaining, out TimeSpan retryAfter)
    {
        var now = timeProvider.GetUtcNow();
        lock (gate)
        {
            var (tokens, at) = buckets.GetValueOrDefault(subscriptionId, (burst, now));
            tokens = Math.Min(burst, tokens + Math.Max(0, (now - at).TotalSeconds) * refillPerSecond);
            if (tokens >= 1)
            {
                tokens -= 1;
                buckets[subscriptionId] = (tokens, now);
                remaining = (int)tokens;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            buckets[subscriptionId] = (tokens, now);
            remaining = 0;
            retryAfter = refillPerSecond > 0
                ? TimeSpan.FromSeconds(Math.Ceiling((1 - tokens) / refillPerSecond))
                : TimeSpan.FromHours(1);
            return false;
        }
    }
}
