using System.Collections.Concurrent;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Emulators.GitHub;

/// <summary>Calls per endpoint and webhook counts. Thread-safe.</summary>
public sealed class EmulatorCounters
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.OrdinalIgnoreCase);
    private long _webhooksSent;
    private long _webhooksFailed;
    private long _webhooksDropped;
    private long _webhooksDuplicated;
    private long _webhooksRedelivered;

    /// <summary>Calls to <paramref name="method"/> and a route template (parameter names and <c>/api/v3</c> do not matter).</summary>
    public long Calls(string method, string routeTemplate) =>
        _calls.GetValueOrDefault(method.ToUpperInvariant() + " " + FaultInjector.NormalizeTemplate(routeTemplate));

    /// <summary>All calls keyed by <c>METHOD /template</c> with parameters written <c>{}</c>.</summary>
    public IReadOnlyDictionary<string, long> AllCalls => new Dictionary<string, long>(_calls);

    /// <summary>Delivery attempts that got a 2xx.</summary>
    public long WebhooksSent => Interlocked.Read(ref _webhooksSent);

    /// <summary>Delivery attempts that got a non-2xx or no answer (drops included).</summary>
    public long WebhooksFailed => Interlocked.Read(ref _webhooksFailed);

    public long WebhooksDropped => Interlocked.Read(ref _webhooksDropped);

    public long WebhooksDuplicated => Interlocked.Read(ref _webhooksDuplicated);

    public long WebhooksRedelivered => Interlocked.Read(ref _webhooksRedelivered);

    internal void CountCall(string method, string routeTemplate) =>
        _calls.AddOrUpdate(method.ToUpperInvariant() + " " + FaultInjector.NormalizeTemplate(routeTemplate), 1, (_, n) => n + 1);

    internal void CountSent() => Interlocked.Increment(ref _webhooksSent);

    internal void CountFailed() => Interlocked.Increment(ref _webhooksFailed);

    internal void CountDropped() => Interlocked.Increment(ref _webhooksDropped);

    internal void CountDuplicated() => Interlocked.Increment(ref _webhooksDuplicated);

    internal void CountRedelivered() => Interlocked.Increment(ref _webhooksRedelivered);
}
