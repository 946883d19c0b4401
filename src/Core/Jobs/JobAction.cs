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

    /// <summary>Scaler's own: a VM create was started and its watcher reads how it went. No webhook carries it.</summary>
    [JsonStringEnumMemberName("create_started")]
    CreateStarted,
}

/// <summary>The names of the <see cref="JobAction"/>s, as webhooks and queue messages spell them.</summary>
public static class JobActionNames
{
    private static readonly (JobAction Action, string Name)[] Names =
    [
        (JobAction.Queued, "queued"),
        (JobAction.InProgress, "in_progress"),
        (JobAction.Completed, "completed"),
    ];

    public static string Name(this JobAction action) =>
        action == JobAction.CreateStarted ? "create_started" : Names.Single(n => n.Action == action).Name;

    /// <summary>
    /// The action GitHub names <paramref name="name"/>; false for actions that need no runner (<c>waiting</c>) and for
    /// Scaler's own (<see cref="JobAction.CreateStarted"/>), which no webhook may carry.
    /// </summary>
    public static bool TryParse(string? name, out JobAction action)
    {
        foreach (var (candidate, candidateName) in Names)
        {
            if (candidateName == name)
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }
}
