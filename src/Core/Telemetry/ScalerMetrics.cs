using System.Diagnostics.Metrics;

namespace Scaler.Core.Telemetry;

/// <summary>Scaler's metrics, published on the <c>Scaler</c> meter.</summary>
public sealed class ScalerMetrics
{
    public const string MeterName = "Scaler";

    private readonly Counter<long> webhooks;

    public ScalerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        webhooks = meter.CreateCounter<long>("scaler.webhooks", "{delivery}", "Webhook deliveries by outcome");
    }

    public void WebhookHandled(string outcome, string? pool) =>
        webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("pool", pool));
}
