using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Scaler.Core.Failures;
using Scaler.Core.Jobs;
using Scaler.Core.Telemetry;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Jobs;

/// <summary>
/// What the job handlers tell an operator besides log events: the result each message ends with (logged by the
/// hosts, shown in the action log), the reasons, the refusals of a queue message, the spans and the failure metric.
/// </summary>
public sealed class JobTextTests : IDisposable
{
    private const long TracedJob = 90417;
    private readonly ConcurrentQueue<Activity> stopped = new();
    private readonly ActivityListener listener;

    public JobTextTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == JobTrace.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem(JobTrace.JobIdTag) is TracedJob)
                {
                    stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Dispose() => listener.Dispose();

    [Fact]
    public async Task Watch_NamingNoVm_IsDroppedWithTheReason()
    {
        using var harness = new ProcessorHarness();

        var result = await harness.ProcessAsync(harness.Queued(1) with { Action = JobAction.CreateStarted });

        Assert.Equal((JobOutcome.Dropped, "the watch message names no VM"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Watch_EachProgress_EndsWithADetailNamingTheVmAndTheNextRead()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:Spot"] = "true");
        harness.Vms.CreatesTakeTime = true;
        harness.Vms.FailProvisioning("Standard_D2ads_v5", spot: true, FailureKind.CapacityUnavailable);
        await harness.ProcessAsync(harness.Queued(1));
        var (watch, _) = Assert.Single(harness.Queue.Deferred);
        harness.Queue.Deferred.Clear();
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.Throttled, "slow down", TimeSpan.FromSeconds(17)));

        var throttled = await harness.ProcessAsync(watch);
        harness.Vms.FinishCreates();
        var retried = await harness.ProcessAsync(watch);
        harness.Clock.Advance(TimeSpan.FromSeconds(40));
        var creating = await harness.ProcessAsync(watch);
        harness.Vms.FinishCreates();
        var created = await harness.ProcessAsync(watch);

        Assert.Equal(
            new[]
            {
                (JobOutcome.Deferred, "VM linux-x64-1 throttled; read again in 17 s"),
                (JobOutcome.Deferred, "VM linux-x64-1 failed; the next attempt was started; read again in 40 s"),
                (JobOutcome.Deferred, "VM linux-x64-1 still creating; read again in 10 s"),
                (JobOutcome.Provisioned, "VM linux-x64-1 created"),
            },
            new[] { throttled, retried, creating, created }.Select(r => (r.Outcome, r.Detail)));
    }

    [Fact]
    public async Task Watch_CreateFailedWhileItsJobWaitsOnAnotherVm_DropsWithTheReason()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.FailProvisioning("Standard_D2ads_v5", spot: false, FailureKind.CapacityUnavailable);
        await harness.ProcessAsync(harness.Queued(1));
        var job = await harness.Jobs.GetAsync("linux-x64", 1, CancellationToken.None);
        await harness.Jobs.TryUpdateAsync(job! with { VmName = "linux-x64-1-r1" }, CancellationToken.None);

        var result = Assert.Single(await harness.WatchCreatesAsync());

        Assert.Equal((JobOutcome.Dropped, "VM linux-x64-1 failed (no VM size available (CapacityUnavailable)); its job no longer waits for it"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Watch_VmVanishedAndTheJobChangedMeanwhile_DropsWithTheReason()
    {
        var jobs = new ContendedJobStore(new InMemoryJobStore());
        using var harness = new ProcessorHarness(jobs: jobs);
        harness.Vms.CreatesTakeTime = true;
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync("", "linux-x64-1", CancellationToken.None);
        jobs.ConflictNextUpdate();

        var result = Assert.Single(await harness.WatchCreatesAsync());

        Assert.Equal((JobOutcome.Dropped, "VM linux-x64-1 failed (the VM vanished while it was created); the job changed meanwhile"), (result.Outcome, result.Detail));
        Assert.Empty(harness.Queue.Deferred);
    }

    [Fact]
    public async Task Watch_VmVanished_CountsAProvisioningFailureWithTheReason()
    {
        using var harness = new ProcessorHarness();
        using var failures = new MetricCollector<long>(harness.Meters, "Scaler", "scaler.provisioning.failures");
        harness.Vms.CreatesTakeTime = true;
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync("", "linux-x64-1", CancellationToken.None);

        await harness.WatchCreatesAsync();

        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal(("the VM vanished while it was created", "linux-x64"), (failure.Tags["reason"], failure.Tags["pool"]));
    }

    [Fact]
    public async Task Process_AJobsMessages_SpansNameTheActionTheStepAndTheOutcome()
    {
        using var harness = new ProcessorHarness();

        await harness.ProcessAsync(harness.Queued(TracedJob));
        await harness.WatchCreatesAsync();
        await harness.ProcessAsync(harness.Completed(TracedJob, $"linux-x64-{TracedJob}"));

        var spans = stopped.Select(a => (a.DisplayName, a.GetTagItem("scaler.outcome"), a.GetTagItem("scaler.vm_name"))).ToList();
        Assert.Contains(("process create_started", (object?)"Provisioned", (object?)null), spans);
        Assert.Contains(("process completed", (object?)"VmDeleted", (object?)null), spans);
        Assert.Contains(("vm delete", (object?)null, (object?)$"linux-x64-{TracedJob}"), spans);
    }

    [Fact]
    public void Name_OfCreateStarted_IsCreateStarted()
    {
        Assert.Equal("create_started", JobAction.CreateStarted.Name());
    }

    [Fact]
    public void Parse_JsonNull_SaysSo()
    {
        var refused = Assert.Throws<JsonException>(() => JobMessage.Parse("null"));

        Assert.Equal("The queue message is JSON null.", refused.Message);
    }

    [Fact]
    public void Parse_OtherVersion_NamesBothVersions()
    {
        using var harness = new ProcessorHarness();
        var json = System.Text.Encoding.UTF8.GetString((harness.Queued(1) with { Version = 2 }).ToJson());

        var refused = Assert.Throws<NotSupportedException>(() => JobMessage.Parse(json));

        Assert.Equal("Queue message version 2 is not 1.", refused.Message);
    }
}
