namespace Scaler.Emulators.GitHub.Webhooks;

#pragma warning disable CA1720 // "guid" is the name GitHub gives this field.

/// <summary>A webhook waiting to be sent: a new delivery or a redelivery (same guid and body).</summary>
internal sealed record PendingDelivery(string Guid, string Event, string? Action, byte[] Body, long? InstallationId, long? RepositoryId, bool Redelivery);

/// <summary>One recorded delivery attempt, as <c>GET /app/hook/deliveries</c> lists it.</summary>
public sealed record WebhookDeliveryInfo(
    long Id,
    string Guid,
    DateTimeOffset DeliveredAt,
    bool Redelivery,
    TimeSpan Duration,
    string Status,
    int StatusCode,
    string Event,
    string? Action,
    long? InstallationId,
    long? RepositoryId)
{
    public bool Succeeded => Status == "OK";
}

/// <summary>Every delivery attempt, with the payload kept for redelivery. Thread-safe.</summary>
internal sealed class DeliveryLog
{
    private readonly Lock gate = new();
    private readonly List<(WebhookDeliveryInfo Info, PendingDelivery Pending)> entries = [];
    private long nextId = 70_000_000_001;

    public event Action<WebhookDeliveryInfo>? Recorded;

    public WebhookDeliveryInfo Record(PendingDelivery pending, DateTimeOffset deliveredAt, TimeSpan duration, int statusCode, string status)
    {
        WebhookDeliveryInfo info;
        lock (gate)
        {
            info = new WebhookDeliveryInfo(nextId++, pending.Guid, deliveredAt, pending.Redelivery, duration, status, statusCode, pending.Event, pending.Action, pending.InstallationId, pending.RepositoryId);
            entries.Add((info, pending));
        }

        Recorded?.Invoke(info);
        return info;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<WebhookDeliveryInfo> All()
    {
        lock (gate)
        {
            return entries.Select(e => e.Info).Reverse().ToList();
        }
    }

    public PendingDelivery? FindForRedelivery(long deliveryId)
    {
        lock (gate)
        {
            var entry = entries.FirstOrDefault(e => e.Info.Id == deliveryId);
            return entry.Pending is null ? null : entry.Pending with { Redelivery = true };
        }
    }
}
