using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.GitHub.Recording;

namespace Scaler.Cli.Tests.Invariants;

/// <summary>What the checker needs to know of the Scaler under test besides the recorded history.</summary>
/// <param name="MaxRunners">Each pool's <c>MaxRunners</c>, by pool name.</param>
/// <param name="VisibleFailures">Jobs an operator can see Scaler gave up on: a Failed job record, or a webhook answered as not routed.</param>
/// <param name="SettledAt">When the load had stopped and two reconcile periods had passed: nothing may exist then.</param>
public sealed record InvariantContext(IReadOnlyDictionary<string, int> MaxRunners, IReadOnlySet<long> VisibleFailures, DateTimeOffset SettledAt);

/// <summary>
/// Checks Scaler's invariants over the whole recorded history, every event, not samples:
/// (a) never more than <c>MaxRunners</c> VMs of a pool at any instant;
/// (b) no busy runner deregistered and no VM deleted while its runner is busy;
/// (c) every job that reached <c>queued</c> ran exactly once on a Scaler runner, or ended where an operator sees it
/// (a visible failure, or cancelled at GitHub);
/// (d) no VM and no registration left once the load stopped and two reconcile periods passed.
/// Each check returns its violations as sentences; none means it holds.
/// </summary>
public static class InvariantChecker
{
    public static IReadOnlyList<string> Check(RecordedHistory history, InvariantContext context)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(context);
        return [.. NeverAboveMaxRunners(history, context.MaxRunners), .. NoBusyRunnerRemoved(history), .. EveryQueuedJobAccountedFor(history, context), .. NothingLeft(history, context.SettledAt)];
    }

    /// <summary>(a) Replays creations and deletions in sequence order and reports each moment a pool went above its maximum.</summary>
    public static IReadOnlyList<string> NeverAboveMaxRunners(RecordedHistory history, IReadOnlyDictionary<string, int> maxRunners)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(maxRunners);
        var violations = new List<string>();
        foreach (var (pool, most, at) in MostVms(history))
        {
            if (most > maxRunners.GetValueOrDefault(pool))
            {
                violations.Add($"(a) pool {pool} had {most} VMs at {at.At:O} (event {at.Sequence}), more than MaxRunners {maxRunners.GetValueOrDefault(pool)}");
            }
        }

        return violations;
    }

    /// <summary>The most VMs each pool had at once, and the first event at which it had them.</summary>
    public static IReadOnlyList<(string Pool, int Most, VmEvent At)> MostVms(RecordedHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var alive = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var most = new Dictionary<string, (int Count, VmEvent At)>(StringComparer.Ordinal);
        foreach (var vm in history.Vms.OrderBy(e => e.Sequence))
        {
            var pool = RecordedHistory.PoolOf(vm);
            var set = alive.TryGetValue(pool, out var existing) ? existing : alive[pool] = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (vm.Kind == VmEventKind.Created)
            {
                set.Add(vm.Name);
            }
            else
            {
                set.Remove(vm.Name);
            }

            if (set.Count > most.GetValueOrDefault(pool).Count)
            {
                most[pool] = (set.Count, vm);
            }
        }

        return [.. most.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Count, p.Value.At))];
    }

    /// <summary>(b) Reports a runner removed while busy, and a VM deleted (not evicted) while the runner of its name is busy.</summary>
    public static IReadOnlyList<string> NoBusyRunnerRemoved(RecordedHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var violations = new List<string>();
        var busy = new Dictionary<long, (string Name, long? Job)>();
        foreach (var e in history.InOrder())
        {
            switch (e)
            {
                case GitHubEvent { Kind: GitHubEventKind.RunnerBusy, RunnerId: { } id } g:
                    busy[id] = (g.RunnerName ?? "", g.JobId);
                    break;
                case GitHubEvent { Kind: GitHubEventKind.RunnerIdle, RunnerId: { } id }:
                    busy.Remove(id);
                    break;
                case GitHubEvent { Kind: GitHubEventKind.RunnerRemoved, RunnerId: { } id } g when busy.TryGetValue(id, out var job):
                    violations.Add($"(b) runner {g.RunnerName} ({id}) was removed at {g.At:O} (event {g.Sequence}) while running job {job.Job}");
                    busy.Remove(id);
                    break;
                case VmEvent { Kind: VmEventKind.Deleted } vm when busy.Values.FirstOrDefault(b => string.Equals(b.Name, vm.Name, StringComparison.OrdinalIgnoreCase)) is { Name: not null and not "" } job:
                    violations.Add($"(b) VM {vm.Name} was deleted at {vm.At:O} (event {vm.Sequence}) while its runner ran job {job.Job}");
                    break;
            }
        }

        return violations;
    }

    /// <summary>
    /// (c) Reports each job that reached <c>queued</c> and did not run exactly once on a runner of a pool in
    /// <see cref="InvariantContext.MaxRunners"/>, unless it was a visible failure or GitHub cancelled it.
    /// </summary>
    public static IReadOnlyList<string> EveryQueuedJobAccountedFor(RecordedHistory history, InvariantContext context)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(context);
        var ranOnce = RanOnceOnScaler(history, context.MaxRunners.Keys);
        var violations = new List<string>();
        foreach (var job in QueuedJobs(history))
        {
            var completed = job.FirstOrDefault(e => e.Kind == GitHubEventKind.JobCompleted);
            if (ranOnce.Contains(job.Key) || context.VisibleFailures.Contains(job.Key) || completed?.Conclusion == "cancelled")
            {
                continue;
            }

            var starts = job.Where(e => e.Kind == GitHubEventKind.JobStarted).ToList();
            var runners = starts.Count == 0 ? "no runner" : string.Join(", ", starts.Select(s => s.RunnerName));
            violations.Add($"(c) job {job.Key} started {starts.Count} times ({runners}), {(completed is null ? "never completed" : "completed " + completed.Conclusion)}, and Scaler shows no failure");
        }

        return violations;
    }

    /// <summary>The jobs that reached <c>queued</c> and started exactly once, on a runner named for one of <paramref name="pools"/>.</summary>
    public static IReadOnlySet<long> RanOnceOnScaler(RecordedHistory history, IEnumerable<string> pools)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(pools);
        var prefixes = pools.Select(p => p + "-").ToList();
        return QueuedJobs(history)
            .Where(job => job.Where(e => e.Kind == GitHubEventKind.JobStarted).ToList() is [{ RunnerName: { } name }]
                && prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            .Select(job => job.Key)
            .ToHashSet();
    }

    /// <summary>The events of each job that reached <c>queued</c>, by job id, in id order.</summary>
    private static IEnumerable<IGrouping<long, GitHubEvent>> QueuedJobs(RecordedHistory history) =>
        history.GitHub.Where(e => e.JobId is not null).GroupBy(e => e.JobId!.Value).OrderBy(g => g.Key)
            .Where(job => job.Any(e => e.Kind == GitHubEventKind.JobQueued));

    /// <summary>(d) Reports each VM and registration that existed at <paramref name="settledAt"/> or was left at the end of the history.</summary>
    public static IReadOnlyList<string> NothingLeft(RecordedHistory history, DateTimeOffset settledAt)
    {
        ArgumentNullException.ThrowIfNull(history);
        var vms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var runners = new Dictionary<long, string>();
        var atSettle = new SortedSet<string>(StringComparer.Ordinal);
        var settledSeen = false;
        foreach (var e in history.InOrder())
        {
            var at = e is VmEvent v ? v.At : ((GitHubEvent)e).At;
            if (!settledSeen && at > settledAt)
            {
                settledSeen = true;
                atSettle.UnionWith(vms.Select(n => $"VM {n}").Concat(runners.Values.Select(n => $"registration {n}")));
            }

            switch (e)
            {
                case VmEvent { Kind: VmEventKind.Created } vm:
                    vms.Add(vm.Name);
                    break;
                case VmEvent vm:
                    vms.Remove(vm.Name);
                    break;
                case GitHubEvent { Kind: GitHubEventKind.RunnerRegistered, RunnerId: { } id } g:
                    runners[id] = g.RunnerName ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case GitHubEvent { Kind: GitHubEventKind.RunnerRemoved, RunnerId: { } id }:
                    runners.Remove(id);
                    break;
            }
        }

        atSettle.UnionWith(vms.Select(n => $"VM {n}").Concat(runners.Values.Select(n => $"registration {n}")));
        return [.. atSettle.Select(left => $"(d) {left} was left after the load stopped and two reconcile periods passed ({settledAt:O})")];
    }
}
