namespace Scaler.Emulators.Arm.Timing;

/// <summary>
/// A duration that varies from one operation to the next: drawn uniformly between
/// <see cref="Typical"/> minus <see cref="Spread"/> and <see cref="Typical"/> plus <see cref="Spread"/>.
/// </summary>
public readonly record struct VaryingDuration(TimeSpan Typical, TimeSpan Spread = default)
{
    public static VaryingDuration Fixed(TimeSpan duration) => new(duration);

    public TimeSpan Shortest => Max(Typical - Spread, TimeSpan.Zero);

    public TimeSpan Longest => Typical + Spread;

    /// <summary>One draw; a duration without spread is always <see cref="Typical"/>.</summary>
    public TimeSpan Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Spread <= TimeSpan.Zero)
        {
            return Typical;
        }

        var draw = Shortest + (Longest - Shortest) * random.NextDouble();
        return Max(draw, TimeSpan.Zero);
    }

    /// <summary>The same shape with every figure divided by <paramref name="factor"/>, for a run in compressed time.</summary>
    public VaryingDuration DividedBy(double factor) => new(Typical / factor, Spread / factor);

    public override string ToString() => Spread > TimeSpan.Zero ? $"{Typical.TotalSeconds:0.###} s ± {Spread.TotalSeconds:0.###} s" : $"{Typical.TotalSeconds:0.###} s";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
