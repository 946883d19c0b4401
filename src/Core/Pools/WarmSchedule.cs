namespace Scaler.Core.Pools;

/// <summary>A window in which a pool keeps a different number of warm runners.</summary>
public sealed class WarmSchedule : ScheduleWindow
{
    public int MinIdle { get; set; }
}
