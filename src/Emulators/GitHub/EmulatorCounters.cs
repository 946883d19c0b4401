using System.Collections.Concurrent;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Emulators.GitHub;

/// <summary>Calls per endpoint and webhook counts. Thread-safe.</summary>
public sealed class EmulatorCounters
{
    private readonly ConcurrentDictionary<string, long> calls = new(StringComparer.OrdinalIgnoreCase);
    private long webhooksSent;
    private long webhooksFailed;
    private long webhooksDropped;
    private long webhooksDuplicated;
    private long webhooksRedelivered;

    /// <summary>Calls to <paramref name="method"/> and a route template (parameter names and <c>/api/v3</c> do not matter).</summary>
    public long Calls(string method, string routeTemplate) =>
        calls.GetValueOrDefault(method.ToUpperInvariant() + " " + FaultInjector.NormalizeTemplate(routeTemplate));

    /// <summary>All calls keyed by <c>METHOD /template</c> with parameters written <c>{}</c>.</summary>
    public IReadOnlyDictionary<string, long> AllCalls => new Dictionary<string, long>(calls);

    /// <summary>Delivery attempts that got a 2xx.</summary>
    public long WebhooksSent => Interlocked.Read(ref webhooksSent);

    /// <summary>Delivery attempts that got a non-2xx or no answer (drops included).</summary>
    public long WebhooksFailed => Interlocked.Read(ref webhooksFailed);

    public long WebhooksDropped => Interlocked.Read(ref webhooksDropped);

    public long WebhooksDuplicated => Interlocked.Read(ref webhooksDuplicated);

    public long WebhooksRedelivered => Interlocked.Read(ref webhooksRedelivered);

    internal void CountCall(string method, string routeTemplate) =>
        calls.AddOrUpdate(method.ToUpperInvariant() + " " + FaultInjector.NormalizeTemplate(routeTemplate), 1, (_, n) => n + 1);

    internal void CountSent() => Interlocked.Increment(ref webhooksSent);

    internal void CountFailed() => Interlocked.Increment(ref webhooksFailed);

    internal void CountDropped() => Interlocked.Increment(ref webhooksDropped);

    internal void CountDuplicated() => Interlocked.Increment(ref webhooksDuplicated);

    internal void CountRedelivered() => Interlocked.Increment(ref webhooksRedelivered);
}
