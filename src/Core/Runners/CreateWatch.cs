using Scaler.Core.Failures;
using Scaler.Core.State;

namespace Scaler.Core.Runners;

/// <summary>What a watcher found of a started VM create, and did.</summary>
public enum CreateProgress
{
    /// <summary>The VM's row is gone or is no started create (already Created, or made by a wait): nothing to do.</summary>
    NotWatched,

    /// <summary>Azure is still creating it: watch again later.</summary>
    Creating,

    /// <summary>Provisioned: the row is Created.</summary>
    Created,

    /// <summary>The attempt failed and the next one was started: watch again later.</summary>
    Retried,

    /// <summary>Every attempt failed, or the VM vanished: its registration and VM are gone; the failure is the job's.</summary>
    Failed,
}

/// <param name="Record">The VM's capacity row as the watch found it (with the attempt it started, when it retried).</param>
/// <param name="Failure">Why, when <see cref="CreateProgress.Failed"/>.</param>
public sealed record CreateWatch(CreateProgress Progress, RunnerRecord? Record, AdapterException? Failure = null);
