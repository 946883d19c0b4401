using System.Buffers;
using System.Text.Json;
using Scaler.Core.Jobs;

namespace Scaler.Core.Intake;

/// <summary>Parses a <c>workflow_job</c> body and checks the fields Scaler relies on (<see cref="WorkflowJobRules"/>).</summary>
public static class WorkflowJobParser
{
    /// <summary>The event, or the reason the body cannot be used.</summary>
    public static (WorkflowJobEvent? Event, string? Error) Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return Check(JsonSerializer.Deserialize(body, WebhookJson.Default.WorkflowJobEvent));
        }
        catch (JsonException ex)
        {
            return (null, $"malformed JSON: {ex.Message}");
        }
    }

    /// <summary>The same, over a body held in segments (<see cref="PooledBody"/>), without joining them.</summary>
    public static (WorkflowJobEvent? Event, string? Error) Parse(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return Parse(body.FirstSpan);
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            var parsed = JsonSerializer.Deserialize(ref reader, WebhookJson.Default.WorkflowJobEvent);

            // Deserialize(span) refuses anything after the value; a reader has to be asked.
            return reader.Read() ? (null, "malformed JSON: more data after the JSON value") : Check(parsed);
        }
        catch (JsonException ex)
        {
            return (null, $"malformed JSON: {ex.Message}");
        }
    }

    private static (WorkflowJobEvent? Event, string? Error) Check(WorkflowJobEvent? parsed)
    {
        var error = parsed switch
        {
            null => "the body is JSON null",
            { Action: null or "" } => "missing field: action",
            { WorkflowJob: null } => "missing field: workflow_job",
            { WorkflowJob.Id: <= 0 } => "missing or invalid field: workflow_job.id",
            { WorkflowJob.RunId: <= 0 } => "missing or invalid field: workflow_job.run_id",
            { WorkflowJob.Labels: null } => "missing field: workflow_job.labels",
            { Repository: null } => "missing field: repository",
            { Repository.FullName: null or "" } => "missing field: repository.full_name",
            _ => WorkflowJobRules.Check(parsed),
        };
        return error is null ? (parsed, null) : (null, error);
    }
}
