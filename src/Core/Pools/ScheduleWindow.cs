using Cronos;

namespace Scaler.Core.Pools;

/// <summary>
/// A window that opens at each occurrence of <see cref="Cron"/> (5 fields, in <see cref="TimeZone"/>) and lasts
/// <see cref="Duration"/>: the warm and standby schedules of a pool.
/// </summary>
public abstract class ScheduleWindow
{
    /// <summary>When the window opens, e.g. <c>0 8 * * 1-5</c> (08:00 on weekdays).</summary>
    public string Cron { get; set; } = "";

    public TimeSpan Duration { get; set; } = TimeSpan.FromHours(10);

    /// <summary>IANA time zone id (such as Europe/Berlin); UTC when empty.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>True when <paramref name="now"/> falls inside a window of this schedule.</summary>
    public bool IsOpen(DateTimeOffset now)
    {
        var expression = CronExpression.Parse(Cron);
        var zone = Zone();
        var opened = expression.GetNextOccurrence(now - Duration, zone, inclusive: true);
        return opened is { } start && start <= now;
    }

    public TimeZoneInfo Zone() => TimeZone.Length == 0 ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
