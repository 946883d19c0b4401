using System.Globalization;

namespace Scaler.Cli.Tests.Soak;

/// <summary>
/// What a soak measured and what the invariant checker found: <see cref="Lost"/> (c), <see cref="BusyKills"/> (b),
/// <see cref="MaxBreaches"/> (a) and <see cref="Leftovers"/> (d) count its violations of each invariant.
/// </summary>
/// <param name="Jobs">Jobs that reached <c>queued</c> at GitHub: those the soak played and GitHub's re-runs of evicted ones.</param>
/// <param name="RanOnce">Of those, the jobs that started exactly once, on a Scaler runner.</param>
/// <param name="VisibleFailures">Jobs Scaler gave up on where an operator sees it (a Failed job record).</param>
public sealed record SoakResult(
    int Jobs,
    int RanOnce,
    int VisibleFailures,
    IReadOnlyList<string> Lost,
    IReadOnlyList<string> BusyKills,
    IReadOnlyList<string> MaxBreaches,
    IReadOnlyList<string> Leftovers,
    IReadOnlyList<(string Name, long Count)> Faults,
    int Played,
    int Reruns,
    int Unfinished,
    int EvictionsDrawn,
    IReadOnlyDictionary<string, int> MaxVms,
    TimeSpan Duration)
{
    public IReadOnlyList<string> Violations => [.. MaxBreaches, .. BusyKills, .. Lost, .. Leftovers];

    /// <summary>
    /// The one closing line: <c>soak: jobs=N ran_once=N visible_failures=N lost=N busy_kills=N max_breaches=N leftovers=N faults=N</c>,
    /// then the details: jobs played, re-runs, jobs not completed at GitHub when the wait ended, evictions the jobs drew
    /// (some find no Spot VM to evict before the faults stop), each fault's count, the
    /// most VMs each pool had at once, and how long it took.
    /// </summary>
    public string ClosingLine => string.Create(
        CultureInfo.InvariantCulture,
        $"soak: jobs={Jobs} ran_once={RanOnce} visible_failures={VisibleFailures} lost={Lost.Count} busy_kills={BusyKills.Count} max_breaches={MaxBreaches.Count} leftovers={Leftovers.Count} faults={Faults.Sum(f => f.Count)}")
        + string.Create(
            CultureInfo.InvariantCulture,
            $" played={Played} reruns={Reruns} unfinished={Unfinished} evictions_drawn={EvictionsDrawn} {SoakFaults.Format(Faults)} max_vms={string.Join(',', MaxVms.Select(p => $"{p.Key}:{p.Value}"))} duration={Duration.TotalSeconds:0}s");
}
