using System.Text.Json.Serialization;

namespace Scaler.Core.Jobs;

/// <summary>The <c>workflow_job</c> actions that reach the job queue, named as GitHub names them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobAction>))]
public enum JobAction
{
    [JsonStringEnumMemberName("queued")]
    Queued,

    [JsonStringEnumMemberName("in_progress")]
    InProgress,

    [JsonStringEnumMemberName("completed")]
    Completed,
}
