using System.Diagnostics;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Tests.Telemetry;

public sealed class JobTraceTests : IDisposable
{
    private readonly ActivityListener listener = new()
    {
        ShouldListenTo = source => source.Name == JobTrace.SourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public JobTraceTests() => ActivitySource.AddActivityListener(listener);

    public void Dispose() => listener.Dispose();

    [Fact]
    public void TraceIdOf_IsTheSameForAJobAndDiffersBetweenJobs()
    {
        Assert.Equal(JobTrace.TraceIdOf(12877621891), JobTrace.TraceIdOf(12877621891));
        Assert.NotEqual(JobTrace.TraceIdOf(12877621891), JobTrace.TraceIdOf(12877621892));
    }

    [Fact]
    public void StartDelivery_JoinsTheJobsTraceAndLinksTheRequestThatCarriedIt()
    {
        using var request = new Activity("request").Start();

        using var delivery = JobTrace.StartDelivery(42, "queued");

        Assert.NotNull(delivery);
        Assert.Equal(JobTrace.TraceIdOf(42), delivery.TraceId);
        Assert.Equal(request.Context, Assert.Single(delivery.Links).Context);
        Assert.Equal(delivery.Id, JobTrace.TraceParentFor(42));
        Assert.Null(JobTrace.TraceParentFor(43));
    }

    [Fact]
    public void StartProcessing_WithTheDeliverysTraceParent_IsItsChild()
    {
        string traceParent;
        using (var delivery = JobTrace.StartDelivery(42, "queued"))
        {
            traceParent = delivery!.Id!;
        }

        using var processing = JobTrace.StartProcessing(42, "queued", traceParent);

        Assert.Equal(traceParent, processing!.ParentId);
    }

    [Fact]
    public void StartProcessing_OfARequeuedOrForeignMessage_StaysInTheJobsTrace()
    {
        using var requeued = JobTrace.StartProcessing(42, "queued", traceParent: null);
        using var fromElsewhere = JobTrace.StartProcessing(42, "queued", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        Assert.Equal(JobTrace.TraceIdOf(42), requeued!.TraceId);
        Assert.Equal(JobTrace.TraceIdOf(42), fromElsewhere!.TraceId);
    }

    [Fact]
    public void StartStep_OfTheCompletedEvent_SharesTheTraceOfTheQueuedEvent()
    {
        ActivityTraceId created;
        using (JobTrace.StartProcessing(42, "queued", null))
        using (var create = JobTrace.StartStep("vm create", 42, "linux-x64-42"))
        {
            created = create!.TraceId;
        }

        using var completed = JobTrace.StartProcessing(42, "completed", null);
        using var delete = JobTrace.StartStep("vm delete", 42, "linux-x64-42");

        Assert.Equal(created, delete!.TraceId);
        Assert.Equal(completed!.SpanId, delete.ParentSpanId);
        Assert.Equal("linux-x64-42", delete.GetTagItem("scaler.vm_name"));
    }
}
