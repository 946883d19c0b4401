namespace Scaler.Emulators.Arm.Timing;

/// <summary>
/// How long the emulated platform takes: a VM create operation, the guest's boot until its runner is online,
/// a delete, a Spot eviction's notice, the start of a deallocated VM, and the boot of a prepared (standby) VM. <see cref="Demo"/> is the emulator's
/// fast default; <see cref="Azure"/> follows Azure's documented behaviour and public measurements (docs/emulators-arm.md
/// names the sources). <see cref="Compressed"/> runs a profile faster than real time for a benchmark.
/// </summary>
public sealed record ArmTimingProfile
{
    public required string Name { get; init; }

    /// <summary>From the PUT until its long-running operation succeeds (the VM reports <c>Creating</c> meanwhile).</summary>
    public required VaryingDuration Create { get; init; }

    /// <summary>From the create's success until the guest has booted and its runner comes online.</summary>
    public required VaryingDuration Boot { get; init; }

    /// <summary>From the DELETE until the VM is gone (it reports <c>Deleting</c> meanwhile).</summary>
    public required VaryingDuration Delete { get; init; }

    /// <summary>How long a Spot VM is warned (Scheduled Events <c>Preempt</c>) before it is evicted.</summary>
    public TimeSpan EvictionNotice { get; init; }

    /// <summary>From <c>POST .../start</c> until the VM runs again (it reports <c>PowerState/starting</c> meanwhile); its guest then boots.</summary>
    public VaryingDuration StartDeallocated { get; init; }

    /// <summary>
    /// The boot of a VM whose runner is already installed (a prepared standby VM, started again): from running until its
    /// guest has read its userData and powered off, or its runner is online.
    /// </summary>
    public VaryingDuration PreparedBoot { get; init; }

    /// <summary>How many times faster than the profile's own time this profile runs; 1 unless <see cref="Compressed"/>.</summary>
    public double Compression { get; init; } = 1;

    /// <summary>The emulator's default timings (create 2 s, boot 1 s, delete at once, start 1 s, prepared boot 0.5 s), for tests and the demo.</summary>
    public static ArmTimingProfile Demo { get; } = Fixed("demo", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5));

    /// <summary>
    /// Azure's timings for a small Linux VM in a Flexible scale set: create 45 s ± 15 s, boot to runner online 60 s ± 20 s
    /// (cloud-init, runner download and registration), delete 30 s ± 10 s, 30 s eviction notice, start of a deallocated VM 40 s ± 10 s,
    /// boot of a prepared VM 15 s ± 5 s (an estimate: no install, only the boot and the runner's registration).
    /// </summary>
    public static ArmTimingProfile Azure { get; } = new()
    {
        Name = "azure",
        Create = new VaryingDuration(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(15)),
        Boot = new VaryingDuration(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20)),
        Delete = new VaryingDuration(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)),
        EvictionNotice = TimeSpan.FromSeconds(30),
        StartDeallocated = new VaryingDuration(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10)),
        PreparedBoot = new VaryingDuration(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5)),
    };

    /// <summary>A profile without spread and without eviction notice.</summary>
    public static ArmTimingProfile Fixed(string name, TimeSpan create, TimeSpan boot, TimeSpan delete, TimeSpan start = default, TimeSpan preparedBoot = default) => new()
    {
        Name = name,
        Create = VaryingDuration.Fixed(create),
        Boot = VaryingDuration.Fixed(boot),
        Delete = VaryingDuration.Fixed(delete),
        StartDeallocated = VaryingDuration.Fixed(start),
        PreparedBoot = VaryingDuration.Fixed(preparedBoot),
    };

    /// <summary>
    /// This profile with every duration divided by <paramref name="factor"/>: a benchmark runs the Azure profile at 20x in
    /// a twentieth of the time and multiplies what it measures by <see cref="Compression"/> to report it in profile time.
    /// </summary>
    public ArmTimingProfile Compressed(double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1, nameof(factor));
        return this with
        {
            Name = factor == 1 ? Name : $"{Name}/{factor:0.##}",
            Create = Create.DividedBy(factor),
            Boot = Boot.DividedBy(factor),
            Delete = Delete.DividedBy(factor),
            EvictionNotice = EvictionNotice / factor,
            StartDeallocated = StartDeallocated.DividedBy(factor),
            PreparedBoot = PreparedBoot.DividedBy(factor),
            Compression = Compression * factor,
        };
    }

    /// <summary>A duration measured while this profile ran, in the profile's own time.</summary>
    public TimeSpan ToProfileTime(TimeSpan measured) => measured * Compression;

    internal void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(Create), Create), (nameof(Boot), Boot), (nameof(Delete), Delete), (nameof(StartDeallocated), StartDeallocated), (nameof(PreparedBoot), PreparedBoot) })
        {
            if (value.Typical < TimeSpan.Zero || value.Spread < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, $"ArmTimingProfile.{name} must not be negative, was {value}.");
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(EvictionNotice, TimeSpan.Zero, nameof(EvictionNotice));
        ArgumentOutOfRangeException.ThrowIfLessThan(Compression, 1, nameof(Compression));
    }
}
