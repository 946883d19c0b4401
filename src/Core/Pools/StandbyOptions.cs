namespace Scaler.Core.Pools;

/// <summary>
/// A pool's standby VMs (<c>Scaler__Pools__N__Standby__*</c>): created and booted once with the runner installed, then
/// deallocated, so they bill for their disks only until a job starts one. Each serves one job and is deleted after it.
/// </summary>
public sealed class StandbyOptions
{
    /// <summary>Prepared, stopped VMs to keep ready; 0: none (the pool creates a fresh VM for each job).</summary>
    public int Size { get; set; }

    /// <summary>
    /// A prepared VM older than this is replaced: GitHub's 30-day runner update window less the runner update margin's
    /// default of 7 days, so that a standby VM never starts a runner that must update itself first.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(23);

    /// <summary>Windows with another size; the largest open one wins over <see cref="Size"/>.</summary>
    public List<StandbySchedule> Schedules { get; set; } = [];

    /// <summary>The standby size at <paramref name="now"/>: <see cref="Size"/>, or the largest open schedule's.</summary>
    public int SizeAt(DateTimeOffset now) =>
        Schedules.Where(s => s.IsOpen(now)).Select(s => s.Size).DefaultIfEmpty(Size).Max();

    /// <summary>Whether the pool keeps standby VMs at any time.</summary>
    public bool Enabled => Size > 0 || Schedules.Any(s => s.Size > 0);
}

/// <summary>A window in which a pool keeps a different number of standby VMs.</summary>
public sealed class StandbySchedule : ScheduleWindow
{
    public int Size { get; set; }
}
