using System.Diagnostics.Metrics;

namespace Scaler.Core.Telemetry;

/// <summary>Scaler's metrics, published on the <c>Scaler</c> meter.</summary>
public sealed class ScalerMetrics
{
    public const string MeterName = "Scaler";

    private readonly Counter<long> webhooks;
    private readonly Counter<long> jobEvents;
    private readonly Counter<long> provisioningFailures;
    private readonly Histogram<double> waitSeconds;
    private readonly Histogram<double> provisionSeconds;
    private readonly Histogram<double> durationSeconds;
    private readonly UpDownCounter<long> activeRunners;

    public ScalerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        webhooks = meter.CreateCounter<long>("scaler.webhooks", "{delivery}", "Webhook deliveries by outcome");
        jobEvents = meter.CreateCounter<long>("scaler.job_events", "{event}", "Job events processed, by action and outcome");
        provisioningFailures = meter.CreateCounter<long>("scaler.provisioning.failures", "{failure}", "Provisioning failures by reason");
        waitSeconds = meter.CreateHistogram<double>("scaler.job.wait", "s", "From a job's creation to a runner taking it");
        provisionSeconds = meter.CreateHistogram<double>("scaler.vm.provision", "s", "From taking a queued job to its VM being created");
        durationSeconds = meter.CreateHistogram<double>("scaler.job.duration", "s", "From a job's start to its completion");
        activeRunners = meter.CreateUpDownCounter<long>("scaler.runners.active", "{runner}", "Runner VMs holding capacity, by pool (requested minus released)");
    }

    public void WebhookHandled(string outcome, string? pool) =>
        webhooks.Add(1, Tag("outcome", outcome), Tag("pool", pool));

    public void JobEventHandled(string action, string outcome, string pool) =>
        jobEvents.Add(1, Tag("action", action), Tag("outcome", outcome), Tag("pool", pool));

    public void ProvisioningFailed(string reason, string pool) =>
        provisioningFailures.Add(1, Tag("reason", reason), Tag("pool", pool));

    public void JobWaited(TimeSpan wait, string pool) => waitSeconds.Record(wait.TotalSeconds, Tag("pool", pool));

    public void VmProvisioned(TimeSpan elapsed, string pool) => provisionSeconds.Record(elapsed.TotalSeconds, Tag("pool", pool));

    public void JobRan(TimeSpan duration, string pool) => durationSeconds.Record(duration.TotalSeconds, Tag("pool", pool));

    public void RunnerAdded(string pool) => activeRunners.Add(1, Tag("pool", pool));

    public void RunnerReleased(string pool) => activeRunners.Add(-1, Tag("pool", pool));

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
