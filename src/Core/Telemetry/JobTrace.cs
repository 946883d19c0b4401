using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;

namespace Scaler.Core.Telemetry;

/// <summary>
/// One trace per job. Every span Scaler makes for a job (its webhook deliveries, the queue messages they become,
/// the VM request and the VM deletion) belongs to a trace whose id is derived from the job id, so the job's whole
/// story is one operation in Application Insights however many deliveries and Function invocations it took. The
/// span of a delivery links to the host's request span; the queue message carries the delivery span's
/// <c>traceparent</c>, so the processor's span is its child.
/// </summary>
public static class JobTrace
{
    public const string SourceName = "Scaler";

    public const string JobIdTag = "scaler.job_id";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The trace id of a job: the first 16 bytes of SHA-256 over the job id, the same in every process.</summary>
    public static ActivityTraceId TraceIdOf(long jobId) => ActivityTraceId.CreateFromBytes(Digest(jobId).AsSpan(0, 16));

    /// <summary>A delivery of <paramref name="jobId"/> (GitHub's <paramref name="action"/>) has been accepted; linked to the span that received it.</summary>
    public static Activity? StartDelivery(long jobId, string action)
    {
        var links = Activity.Current is { } request ? new[] { new ActivityLink(request.Context) } : null;
        return Start($"webhook {action}", ActivityKind.Producer, Root(jobId), jobId, links);
    }

    /// <summary>
    /// The processing of a queue message: a child of the delivery whose <paramref name="traceParent"/> it carries, or
    /// of the job's root when it carries none of this job's (a message the reconciler requeued).
    /// </summary>
    public static Activity? StartProcessing(long jobId, string action, string? traceParent)
    {
        var parent = ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) && context.TraceId == TraceIdOf(jobId)
            ? context
            : Root(jobId);
        return Start($"process {action}", ActivityKind.Consumer, parent, jobId, links: null);
    }

    /// <summary>A step of the job (VM create, VM delete) under the current span, or under the job's root.</summary>
    public static Activity? StartStep(string name, long jobId, string vmName)
    {
        var parent = Activity.Current is { } current && current.TraceId == TraceIdOf(jobId) ? current.Context : Root(jobId);
        var activity = Start(name, ActivityKind.Internal, parent, jobId, links: null);
        activity?.SetTag("scaler.vm_name", vmName);
        return activity;
    }

    /// <summary>The <c>traceparent</c> a queue message carries: the current span when it belongs to the job.</summary>
    public static string? TraceParentFor(long jobId) =>
        Activity.Current is { } current && current.TraceId == TraceIdOf(jobId) ? current.Id : null;

    private static Activity? Start(string name, ActivityKind kind, ActivityContext parent, long jobId, IEnumerable<ActivityLink>? links)
    {
        var activity = Source.StartActivity(name, kind, parent, links: links);
        activity?.SetTag(JobIdTag, jobId);
        return activity;
    }

    private static ActivityContext Root(long jobId) =>
        new(TraceIdOf(jobId), ActivitySpanId.CreateFromBytes(Digest(jobId).AsSpan(16, 8)), ActivityTraceFlags.Recorded, isRemote: true);

    private static byte[] Digest(long jobId)
    {
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, jobId);
        return SHA256.HashData(id);
    }
}
