using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Scaler.Emulators.GitHub.Faults;

/// <summary>Faults for one endpoint: a share of 5xx answers, added latency, or forced rate limiting.</summary>
public sealed record EndpointFault
{
    /// <summary>Share of calls (0..1) answered with <see cref="ErrorStatusCode"/>.</summary>
    public double ErrorRate { get; init; }

    public int ErrorStatusCode { get; init; } = 500;

    /// <summary>Delay before the call is handled, awaited on the emulator's clock.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>When set, every call is answered 429 (secondary rate limit) with this <c>retry-after</c>.</summary>
    public TimeSpan? RateLimitRetryAfter { get; init; }
}

/// <summary>Faults for webhook deliveries; each rate is a share (0..1) of deliveries.</summary>
public sealed record WebhookFault
{
    /// <summary>Not sent; recorded as a failed delivery.</summary>
    public double DropRate { get; init; }

    /// <summary>Sent twice with the same guid.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Held back and sent after the next delivery.</summary>
    public double ReorderRate { get; init; }

    /// <summary>Waited (on the emulator's clock) before sending.</summary>
    public TimeSpan Delay { get; init; }
}

/// <summary>Deterministic fault injection: decisions come from one seeded <see cref="Random"/>.</summary>
public sealed partial class FaultInjector(int seed)
{
    private readonly ConcurrentDictionary<string, EndpointFault> endpointFaults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Random random = new(seed);
    private readonly Lock randomGate = new();
    private WebhookFault webhookFault = new();

    /// <summary>Sets the fault for <paramref name="method"/> and a route template such as
    /// <c>/repos/{owner}/{repo}/actions/runners/generate-jitconfig</c> (parameter names and the
    /// <c>/api/v3</c> prefix do not matter).</summary>
    public void SetEndpointFault(string method, string routeTemplate, EndpointFault fault) =>
        endpointFaults[Key(method, routeTemplate)] = fault;

    public void ClearEndpointFault(string method, string routeTemplate) =>
        endpointFaults.TryRemove(Key(method, routeTemplate), out _);

    public WebhookFault WebhookFault
    {
        get => Volatile.Read(ref webhookFault);
        set => Volatile.Write(ref webhookFault, value ?? new WebhookFault());
    }

    public void ClearAll()
    {
        endpointFaults.Clear();
        WebhookFault = new WebhookFault();
    }

    internal EndpointFault? Find(string method, string routeTemplate) =>
        endpointFaults.GetValueOrDefault(Key(method, routeTemplate));

    internal bool Roll(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        lock (randomGate)
        {
            return random.NextDouble() < rate;
        }
    }

    internal static string NormalizeTemplate(string routeTemplate)
    {
        var path = routeTemplate.StartsWith("/api/v3", StringComparison.OrdinalIgnoreCase) ? routeTemplate["/api/v3".Length..] : routeTemplate;
        return Parameter().Replace(path, "{}").TrimEnd('/');
    }

    private static string Key(string method, string routeTemplate) =>
        method.ToUpperInvariant() + " " + NormalizeTemplate(routeTemplate);

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
