namespace Scaler.Cli.Simulation;

/// <summary>What one run did: the jobs, the VMs, the states over time, and the figures the report prints.</summary>
internal sealed class SimulationResult(
    SimulationOptions options,
    IReadOnlyList<SimulatedJob> jobs,
    IReadOnlyList<SimulatedVm> vms,
    Timeline timeline,
    DateTimeOffset end,
    int unrouted,
    int poisoned)
{
    public SimulationOptions Options { get; } = options;

    public IReadOnlyList<SimulatedJob> Jobs { get; } = jobs;

    public IReadOnlyList<SimulatedVm> Vms { get; } = vms;

    public Timeline Timeline { get; } = timeline;

    public DateTimeOffset Start => Options.Start;

    public DateTimeOffset End { get; } = end;

    /// <summary>Trace jobs no pool takes: never queued at a runner.</summary>
    public int Unrouted { get; } = unrouted;

    /// <summary>Messages the processor failed five times.</summary>
    public int Poisoned { get; } = poisoned;

    /// <summary>ARM reads (GETs, lists, operation polls) over the run, the reconciler's included.</summary>
    public int ArmReads { get; init; }

    /// <summary>ARM writes (VM PUTs and DELETEs) over the run.</summary>
    public int ArmWrites { get; init; }

    /// <summary>Queue messages the processors took, redeliveries and deferrals included.</summary>
    public int MessagesHandled { get; init; }

    /// <summary>From the first job's arrival until the last VM was requested (the PUT reached ARM).</summary>
    public TimeSpan AllVmsRequested => Jobs.Count == 0 || Vms.Count == 0 ? TimeSpan.Zero : Vms.Max(v => v.CreatedAt) - Jobs.Min(j => j.ArrivedAt);

    public int Started => Jobs.Count(j => j.StartedAt is not null);

    /// <summary>Jobs still waiting or running when the run ended.</summary>
    public int Unfinished => Jobs.Count(j => j.CompletedAt is null);

    /// <summary>Jobs whose runner was stopped under them.</summary>
    public int Failed => Jobs.Count(j => j.Failed);

    public TimeSpan WaitPercentile(double percentile) => Percentile([.. Jobs.Where(j => j.Wait is not null).Select(j => j.Wait!.Value)], percentile);

    public TimeSpan MaxWait => Jobs.Select(j => j.Wait ?? End - j.ArrivedAt).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>Every VM while allocated: from its create request until Scaler asked to delete it (or the run's end), less its deallocated spells.</summary>
    public double VmMinutes => Vms.Sum(v => v.Allocated(End).TotalMinutes);

    /// <summary>The least any autoscaler that makes a VM per job could use: each job's create, boot and run.</summary>
    public double OracleVmMinutes => Jobs.Where(j => j.StartedAt is not null)
        .Sum(j => (Options.CreateDuration + Options.BootDuration + ((j.CompletedAt ?? End) - j.StartedAt!.Value)).TotalMinutes);

    public double OracleRatio => OracleVmMinutes == 0 ? 0 : VmMinutes / OracleVmMinutes;

    /// <summary>Compute: each VM's allocated hours at its size's price.</summary>
    public decimal ComputeCost => Vms.Sum(ComputeCostOf);

    /// <summary>Disks: each VM's OS disk, from its create request until Scaler asked to delete it, at the disk price.</summary>
    public decimal DiskCost => Vms.Sum(DiskCostOf);

    public decimal Cost => ComputeCost + DiskCost;

    public decimal ComputeCostOf(SimulatedVm vm) => Options.Prices.GetValueOrDefault(vm.Size) * (decimal)vm.Allocated(End).TotalHours;

    public decimal DiskCostOf(SimulatedVm vm) => Options.DiskPricePerGbMonth * vm.OsDiskSizeGb * (decimal)vm.DiskTime(End).TotalHours / SimulationOptions.HoursPerMonth;

    /// <summary>VMs created with the standby cloud-init (prepared for the pool's standby size).</summary>
    public int StandbyVmsCreated => Vms.Count(v => v.Prepared);

    /// <summary>Jobs that ran on a standby VM.</summary>
    public int ServedFromStandby
    {
        get
        {
            var prepared = Vms.Where(v => v.Prepared).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
            return Jobs.Count(j => j.RunnerName is { } name && prepared.Contains(name));
        }
    }

    public int PeakStandby => Timeline.Points.Select(p => p.Standby).DefaultIfEmpty(0).Max();

    /// <summary>VM sizes used that have no price in the settings.</summary>
    public IReadOnlyList<string> Unpriced => [.. Vms.Select(v => v.Size).Distinct(StringComparer.OrdinalIgnoreCase).Where(s => !Options.Prices.ContainsKey(s)).Order(StringComparer.Ordinal)];

    public int PeakRunners => Timeline.Points.Select(p => p.Runners).DefaultIfEmpty(0).Max();

    public int PeakQueued => Timeline.Points.Select(p => p.Queued).DefaultIfEmpty(0).Max();

    /// <summary>Nearest-rank percentile; zero of no values.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> values, double percentile)
    {
        if (values.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
