using Scaler.Emulators.Common;

namespace Scaler.Emulators.GitHub.Recording;

/// <summary>Every runner and job transition, in the order it happened; recorded under the registry's lock.</summary>
public sealed class GitHubHistory(EventSequence sequence, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<GitHubEvent> events = [];

    /// <summary>A snapshot of every event so far, in sequence order.</summary>
    public IReadOnlyList<GitHubEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    internal void Record(GitHubEventKind kind, long? runnerId, string? runnerName, long? jobId, string? conclusion = null)
    {
        lock (gate)
        {
            events.Add(new GitHubEvent(sequence.Next(), time.GetUtcNow(), kind, runnerId, runnerName, jobId, conclusion));
        }
    }
}
