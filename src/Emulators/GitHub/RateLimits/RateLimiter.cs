using Microsoft.AspNetCore.Http;

namespace Scaler.Emulators.GitHub.RateLimits;

internal enum RateLimitVerdict
{
    Allowed,
    PrimaryExceeded,
    SecondaryExceeded,
}

/// <summary>The outcome of one request against the quotas, with the values for the <c>x-ratelimit-*</c> headers.</summary>
internal sealed record RateLimitDecision(RateLimitVerdict Verdict, int Limit, int Remaining, int Used, DateTimeOffset Reset, TimeSpan RetryAfter);

/// <summary>
/// GitHub's primary limit (requests per hour per token, fixed window from the first request) and
/// secondary limit (points per minute per token and endpoint: GET 1, writes 5). Thread-safe.
/// </summary>
internal sealed class RateLimiter(TimeProvider timeProvider, int requestsPerHour, int pointsPerMinute)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly Lock gate = new();
    private readonly Dictionary<string, Window> primary = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Window> secondary = new(StringComparer.Ordinal);

    public RateLimitDecision Check(string callerKey, string method, string endpointKey)
    {
        var now = timeProvider.GetUtcNow();
        var points = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? 1 : 5;
        lock (gate)
        {
            var primary = Current(this.primary, callerKey, now, Hour);
            if (primary.Used >= requestsPerHour)
            {
                return new RateLimitDecision(RateLimitVerdict.PrimaryExceeded, requestsPerHour, 0, primary.Used, primary.Reset, primary.Reset - now);
            }

            var secondary = Current(this.secondary, callerKey + " " + endpointKey, now, Minute);
            if (secondary.Used + points > pointsPerMinute)
            {
                return new RateLimitDecision(RateLimitVerdict.SecondaryExceeded, requestsPerHour, requestsPerHour - primary.Used, primary.Used, primary.Reset, secondary.Reset - now);
            }

            primary.Used++;
            secondary.Used += points;
            return new RateLimitDecision(RateLimitVerdict.Allowed, requestsPerHour, requestsPerHour - primary.Used, primary.Used, primary.Reset, TimeSpan.Zero);
        }
    }

    private static Window Current(Dictionary<string, Window> windows, string key, DateTimeOffset now, TimeSpan length)
    {
        if (!windows.TryGetValue(key, out var window) || window.Reset <= now)
        {
            window = new Window(now + length);
            windows[key] = window;
        }

        return window;
    }

    private sealed class Window(DateTimeOffset reset)
    {
        public DateTimeOffset Reset { get; } = reset;

        public int Used { get; set; }
    }
}
