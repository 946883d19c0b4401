using Scaler.Emulators.Common;

namespace Scaler.Emulators.GitHub.Faults;

/// <summary>Calls per endpoint (<see cref="RequestCounters{TTarget}"/>) and webhook deliveries. Thread-safe.</summary>
public sealed class GitHubCounters : RequestCounters<GitHubEndpoint>
{
    private long webhooksSent;
    private long webhooksFailed;
    private long webhooksDropped;
    private long webhooksDuplicated;
    private long webhooksRedelivered;
    private long webhooksReordered;

    internal GitHubCounters()
    {
    }

    /// <summary>Delivery attempts that got a 2xx.</summary>
    public long WebhooksSent => Interlocked.Read(ref webhooksSent);

    /// <summary>Delivery attempts that got a non-2xx or no answer (drops included).</summary>
    public long WebhooksFailed => Interlocked.Read(ref webhooksFailed);

    public long WebhooksDropped => Interlocked.Read(ref webhooksDropped);

    public long WebhooksDuplicated => Interlocked.Read(ref webhooksDuplicated);

    public long WebhooksRedelivered => Interlocked.Read(ref webhooksRedelivered);

    /// <summary>Deliveries held back and sent after the next one.</summary>
    public long WebhooksReordered => Interlocked.Read(ref webhooksReordered);

    internal void CountSent() => Interlocked.Increment(ref webhooksSent);

    internal void CountFailed() => Interlocked.Increment(ref webhooksFailed);

    internal void CountDropped() => Interlocked.Increment(ref webhooksDropped);

    internal void CountDuplicated() => Interlocked.Increment(ref webhooksDuplicated);

    internal void CountRedelivered() => Interlocked.Increment(ref webhooksRedelivered);

    internal void CountReordered() => Interlocked.Increment(ref webhooksReordered);
}
