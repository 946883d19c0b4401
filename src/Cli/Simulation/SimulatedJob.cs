namespace Scaler.Cli.Simulation;

/// <summary>A trace job as GitHub sees it in the simulation: queued at its arrival, started by a runner, completed.</summary>
internal sealed class SimulatedJob(long id, TraceJob trace, DateTimeOffset arrivedAt)
{
    public long Id { get; } = id;

    public TraceJob Trace { get; } = trace;

    public DateTimeOffset ArrivedAt { get; } = arrivedAt;

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public long? RunnerId { get; set; }

    public string? RunnerName { get; set; }

    /// <summary>Its runner was stopped under it.</summary>
    public bool Failed { get; set; }

    public string Status => CompletedAt is not null ? "completed" : StartedAt is not null ? "in_progress" : "queued";

    public TimeSpan? Wait => StartedAt - ArrivedAt;
}
