namespace Scaler.Emulators.GitHub.RateLimits;

/// <summary>
/// GitHub's secondary limit on concurrent requests: at most <paramref name="maxConcurrent"/> requests of one caller
/// (one credential) in flight at once. Thread-safe.
/// </summary>
internal sealed class ConcurrencyLimit(int maxConcurrent)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> inFlight = new(StringComparer.Ordinal);

    public int MaxConcurrent => maxConcurrent;

    /// <summary>Takes a slot for <paramref name="callerKey"/>; false when all its slots are taken. Each true must be followed by one <see cref="Exit"/>.</summary>
    public bool TryEnter(string callerKey)
    {
        lock (gate)
        {
            var current = inFlight.GetValueOrDefault(callerKey);
            if (current >= maxConcurrent)
            {
                return false;
            }

            inFlight[callerKey] = current + 1;
            return true;
        }
    }

    public void Exit(string callerKey)
    {
        lock (gate)
        {
            var remaining = inFlight.GetValueOrDefault(callerKey) - 1;
            if (remaining <= 0)
            {
                inFlight.Remove(callerKey);
            }
            else
            {
                inFlight[callerKey] = remaining;
            }
        }
    }

    public int InFlight(string callerKey)
    {
        lock (gate)
        {
            return inFlight.GetValueOrDefault(callerKey);
        }
    }
}
