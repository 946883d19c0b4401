namespace Scaler.Cli.Simulation;

/// <summary>The simulation's time: it moves only when the <see cref="EventLoop"/> moves it. Timestamps are ticks.</summary>
internal sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => now.UtcTicks;

    public void MoveTo(DateTimeOffset moment)
    {
        if (moment < now)
        {
            throw new InvalidOperationException($"Time cannot go back from {now:O} to {moment:O}.");
        }

        now = moment;
    }
}
