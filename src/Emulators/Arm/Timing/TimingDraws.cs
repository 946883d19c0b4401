namespace Scaler.Emulators.Arm.Timing;

/// <summary>Draws each operation's duration from the profile with one seeded random source, so a run can be repeated. Thread-safe.</summary>
internal sealed class TimingDraws(ArmTimingProfile profile, int seed)
{
    private readonly Lock gate = new();
    private readonly Random random = new(seed);

    public ArmTimingProfile Profile => profile;

    public TimeSpan NextCreate() => Draw(profile.Create);

    public TimeSpan NextBoot() => Draw(profile.Boot);

    public TimeSpan NextDelete() => Draw(profile.Delete);

    public TimeSpan NextStart() => Draw(profile.StartDeallocated);

    public TimeSpan NextPreparedBoot() => Draw(profile.PreparedBoot);

    private TimeSpan Draw(VaryingDuration duration)
    {
        lock (gate)
        {
            return duration.Sample(random);
        }
    }
}
