using System.Text.Json;
using Scaler.Core.Pools;

namespace Scaler.Core.Jobs;

/// <summary>
/// One <c>workflow_job</c> event on the <c>workflow-jobs</c> queue: small, versioned, and carrying what the
/// processor needs to de-duplicate (delivery id, job id, action) without calling GitHub.
/// </summary>
public sealed record JobMessage
{
    public const int CurrentVersion = 1;

    /// <summary>
    /// The largest <see cref="ToJson"/> the queue takes: an Azure Storage queue message is at most 64 KiB and the
    /// queue carries it base64-encoded (4 bytes for every 3).
    /// </summary>
    public const int MaxJsonBytes = 64 * 1024 / 4 * 3;

    public int Version { get; init; } = CurrentVersion;

    public required Guid DeliveryId { get; init; }

    public required JobAction Action { get; init; }

    public required long JobId { get; init; }

    public required long RunId { get; init; }

    public required int RunAttempt { get; init; }

    /// <summary><c>owner/repo</c>.</summary>
    public required string Repository { get; init; }

    /// <summary>As the intake read it from the delivery; null in messages written before Scaler read it.</summary>
    public RepositoryVisibility? Visibility { get; init; }

    public string? Organization { get; init; }

    public string? Enterprise { get; init; }

    public long? InstallationId { get; init; }

    public required IReadOnlyList<string> Labels { get; init; }

    public required string Pool { get; init; }

    public long? RunnerId { get; init; }

    public string? RunnerName { get; init; }

    public string? Conclusion { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When Scaler accepted the delivery.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the delivery's span in the job's trace (see <see cref="Telemetry.JobTrace"/>).</summary>
    public string? TraceParent { get; init; }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, JobJson.Default.JobMessage);

    /// <summary>Reads a queue message; a message of another version is refused rather than misread.</summary>
    public static JobMessage Parse(string json)
    {
        var message = JsonSerializer.Deserialize(json, JobJson.Default.JobMessage)
            ?? throw new JsonException("The queue message is JSON null.");
        return message.Version == CurrentVersion
            ? message
            : throw new NotSupportedException($"Queue message version {message.Version} is not {CurrentVersion}.");
    }
}
