using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Jobs;

/// <summary>
/// The counters and histograms an operator charts and alerts on (<c>scaler.job_events</c>,
/// <c>scaler.provisioning.failures</c>, <c>scaler.job.wait</c>, <c>scaler.job.duration</c>), and the processor's
/// answer for a message it cannot place.
/// </summary>
public class JobMetricsTests
{
    [Fact]
    public async Task ProcessAsync_AnyEvent_CountedByActionOutcomeAndPool()
    {
        using var harness = new ProcessorHarness();
        using var events = new MetricCollector<long>(harness.Meters, "Scaler", "scaler.job_events");

        await harness.ProcessAsync(harness.Queued(1));

        var counted = Assert.Single(events.GetMeasurementSnapshot());
        Assert.Equal(("Queued", "Provisioned", "linux-x64"), (counted.Tags["action"], counted.Tags["outcome"], counted.Tags["pool"]));
    }

    [Fact]
    public async Task ProcessAsync_PoolNotConfigured_DroppedNamingThePool()
    {
        using var harness = new ProcessorHarness();

        var result = await harness.ProcessAsync(harness.Queued(1, pool: "gone"));

        Assert.Equal(JobOutcome.Dropped, result.Outcome);
        Assert.Equal("pool gone is not configured", result.Detail);
    }

    [Fact]
    public async Task ProcessAsync_NullMessage_ThrowsNamingIt()
    {
        using var harness = new ProcessorHarness();

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => harness.Processor.ProcessAsync(null!, CancellationToken.None));

        Assert.Equal("message", error.ParamName);
    }

    [Fact]
    public async Task InProgress_DeliveredTwice_SecondIsADuplicateAndTheWaitIsRecordedOnce()
    {
        using var harness = new ProcessorHarness();
        using var wait = new MetricCollector<double>(harness.Meters, "Scaler", "scaler.job.wait");
        await harness.ProvisionAsync(1);

        var first = await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1"));
        var second = await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1"));

        Assert.Equal((JobOutcome.Recorded, JobOutcome.Duplicate), (first.Outcome, second.Outcome));
        Assert.Single(wait.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Completed_RunByOurRunner_RecordsHowLongTheJobRan()
    {
        using var harness = new ProcessorHarness();
        using var duration = new MetricCollector<double>(harness.Meters, "Scaler", "scaler.job.duration");
        await harness.ProvisionAsync(1);

        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));

        var ran = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal((180.0 - 42.0, "linux-x64"), (ran.Value, ran.Tags["pool"]));
    }

    [Fact]
    public async Task Queued_RefusedByTheRunnerGroup_CountedAsAProvisioningFailure()
    {
        using var harness = new ProcessorHarness();
        using var failures = new MetricCollector<long>(harness.Meters, "Scaler", "scaler.provisioning.failures");
        harness.GitHub.RunnerGroups[("orgs/contoso", 1)] = new RunnerGroupAccess(1, "Default", RunnerGroupVisibility.Selected, false, ["contoso/web"]);

        await harness.ProcessAsync(harness.Queued(1));

        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal(("runner group refuses the repository", "linux-x64"), (failure.Tags["reason"], failure.Tags["pool"]));
    }

    [Fact]
    public async Task Queued_VmCreateFailsForGood_CountedAsAProvisioningFailureWithItsReason()
    {
        using var harness = new ProcessorHarness();
        using var failures = new MetricCollector<long>(harness.Meters, "Scaler", "scaler.provisioning.failures");
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.Invalid, "image not found"));

        await harness.ProcessAsync(harness.Queued(1));

        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal(("image not found", "linux-x64"), (failure.Tags["reason"], failure.Tags["pool"]));
    }
}
