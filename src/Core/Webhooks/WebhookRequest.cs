namespace Scaler.Core.Webhooks;

/// <summary>A webhook delivery as the host received it: GitHub's headers and the unread body.</summary>
public sealed record WebhookRequest(string? Event, string? DeliveryId, string? Signature, long? ContentLength, Stream Body)
{
    public const string EventHeader = "X-GitHub-Event";
    public const string DeliveryHeader = "X-GitHub-Delivery";
}
