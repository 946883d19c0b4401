namespace Scaler.Core.Intake;

/// <summary>A webhook delivery as the host received it: GitHub's headers and the unread body.</summary>
public sealed record WebhookRequest(string? Event, string? DeliveryId, string? Signature, long? ContentLength, Stream Body)
{
    public const string EventHeader = "X-GitHub-Event";
    public const string DeliveryHeader = "X-GitHub-Delivery";

    /// <summary>Reads GitHub's headers through the host's own header lookup.</summary>
    public static WebhookRequest From(Func<string, string?> header, long? contentLength, Stream body)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new(header(EventHeader), header(DeliveryHeader), header(WebhookSignature.HeaderName), contentLength, body);
    }
}
