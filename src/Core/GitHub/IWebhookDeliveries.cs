namespace Scaler.Core.GitHub;

/// <summary>One delivery attempt of the GitHub App's webhook (<c>GET /app/hook/deliveries</c>).</summary>
public sealed record HookDelivery(long Id, Guid DeliveryGuid, DateTimeOffset DeliveredAt, bool Redelivery, string Status, string Event, string? Action)
{
    public bool Succeeded => string.Equals(Status, "OK", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The GitHub App webhook's delivery log, and redelivery. Only GitHub Apps have this API.</summary>
public interface IWebhookDeliveries
{
    /// <summary>False when Scaler authenticates with a PAT: repository and organization hooks have no such API for it.</summary>
    bool Available { get; }

    /// <summary>Deliveries newest first, back to <paramref name="since"/> (GitHub keeps three days).</summary>
    Task<IReadOnlyList<HookDelivery>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary><c>POST /app/hook/deliveries/{id}/attempts</c>: GitHub sends the delivery again, with the same GUID.</summary>
    Task RedeliverAsync(long deliveryId, CancellationToken cancellationToken);
}
