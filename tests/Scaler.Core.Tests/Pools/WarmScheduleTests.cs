using Scaler.Core.Pools;

namespace Scaler.Core.Tests.Pools;

public class WarmScheduleTests
{
    private readonly PoolOptions pool = new()
    {
        MinIdle = 1,
        MaxRunners = 20,
        WarmSchedules = [new WarmSchedule { Cron = "0 8 * * 1-5", Duration = TimeSpan.FromHours(10), MinIdle = 10, TimeZone = "Europe/Berlin" }],
    };

    [Theory]
    [InlineData("2026-11-30T07:30:00+00:00", 10)] // Monday 07:30 UTC = 08:30 Berlin: open
    [InlineData("2026-11-30T06:59:00+00:00", 1)] // Monday 07:59 Berlin: not yet
    [InlineData("2026-11-30T16:59:00+00:00", 10)] // Monday 17:59 Berlin: still open
    [InlineData("2026-11-30T17:00:01+00:00", 1)] // Monday 18:00:01 Berlin: closed
    [InlineData("2026-11-28T10:00:00+00:00", 1)] // Saturday: closed
    public void MinIdleAt_BusinessHoursInBerlin_OpensOnlyThen(string at, int expected)
    {
        Assert.Equal(expected, pool.MinIdleAt(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void MinIdleAt_OverlappingWindows_TakesTheLargest()
    {
        pool.WarmSchedules.Add(new WarmSchedule { Cron = "0 * * * *", Duration = TimeSpan.FromMinutes(59), MinIdle = 3 });

        Assert.Equal(10, pool.MinIdleAt(new DateTimeOffset(2026, 11, 30, 9, 30, 0, TimeSpan.Zero)));
        Assert.Equal(3, pool.MinIdleAt(new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void StandbySizeAt_ScheduleOpenAndClosed_TakesTheLargestOpenOrTheSize()
    {
        var standby = new StandbyOptions
        {
            Size = 2,
            Schedules = [new StandbySchedule { Cron = "0 8 * * 1-5", Duration = TimeSpan.FromHours(10), Size = 6, TimeZone = "Europe/Berlin" }],
        };

        Assert.Equal(6, standby.SizeAt(new DateTimeOffset(2026, 11, 30, 7, 30, 0, TimeSpan.Zero)));
        Assert.Equal(2, standby.SizeAt(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)));
        Assert.True(standby.Enabled);
        Assert.False(new StandbyOptions().Enabled);
        Assert.True(new StandbyOptions { Schedules = [new StandbySchedule { Cron = "0 8 * * *", Size = 1 }] }.Enabled);
    }
}
