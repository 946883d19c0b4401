using Scaler.Emulators.Arm.Faults;

namespace Scaler.Emulators.Arm.Throttling;

/// <summary>The remaining tokens of one bucket after a request, for <c>x-ms-ratelimit-remaining-resource</c>.</summary>
internal sealed record BucketReading(string Name, int Remaining, int Capacity);

/// <summary>The answer to one request: allowed, or throttled by <see cref="Exhausted"/> until <see cref="RetryAfter"/> has passed.</summary>
internal sealed record ThrottleDecision(bool Allowed, IReadOnlyList<BucketReading> Buckets, BucketReading? Exhausted, TimeSpan RetryAfter);

/// <summary>
/// Applies a <see cref="ComputeThrottlingPolicy"/>: a request takes one token from its policy's VM bucket and its
/// subscription bucket, or none when either is empty. Buckets start full and refill continuously on the emulator's clock.
/// Thread-safe.
/// </summary>
internal sealed class ComputeThrottle(ComputeThrottlingPolicy policy, TimeProvider timeProvider)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> buckets = new(StringComparer.OrdinalIgnoreCase);

    public ThrottleDecision? Take(ArmOperationKind operation, string subscriptionId, string resourceId)
    {
        if (policy.RuleFor(operation) is not { } rule)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        var wanted = new List<(string Key, string Name, double RefillPerMinute, int Capacity)>(2);
        if (rule is { ResourceRefillPerMinute: { } resourceRefill, ResourceCapacity: { } resourceCapacity })
        {
            wanted.Add(($"{rule.Name} {resourceId}", $"{rule.Name}Resource", resourceRefill, resourceCapacity));
        }

        wanted.Add(($"{rule.Name} {subscriptionId}", $"{rule.Name}Subscription", rule.SubscriptionRefillPerMinute, rule.SubscriptionCapacity));
        lock (gate)
        {
            var levels = wanted.Select(w => (w, Tokens: Level(w.Key, w.RefillPerMinute, w.Capacity, now))).ToList();
            var emptyAt = levels.FindIndex(l => l.Tokens < 1);
            if (emptyAt >= 0)
            {
                var (bucket, tokens) = levels[emptyAt];
                var wait = bucket.RefillPerMinute > 0
                    ? TimeSpan.FromMinutes((1 - tokens) / bucket.RefillPerMinute)
                    : TimeSpan.FromHours(1);
                var readings = levels.Select(l => new BucketReading(l.w.Name, (int)l.Tokens, l.w.Capacity)).ToList();
                return new ThrottleDecision(false, readings, new BucketReading(bucket.Name, 0, bucket.Capacity), wait);
            }

            var taken = new List<BucketReading>(levels.Count);
            foreach (var (w, tokens) in levels)
            {
                buckets[w.Key] = (tokens - 1, now);
                taken.Add(new BucketReading(w.Name, (int)(tokens - 1), w.Capacity));
            }

            return new ThrottleDecision(true, taken, null, TimeSpan.Zero);
        }
    }

    private double Level(string key, double refillPerMinute, int capacity, DateTimeOffset now)
    {
        var (tokens, at) = buckets.GetValueOrDefault(key, (capacity, now));
        tokens = Math.Min(capacity, tokens + Math.Max(0, (now - at).TotalMinutes) * refillPerMinute);
        buckets[key] = (tokens, now);
        return tokens;
    }
}
