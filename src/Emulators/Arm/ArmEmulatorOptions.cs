using Scaler.Emulators.Arm.Boot;
using Scaler.Emulators.Arm.Throttling;
using Scaler.Emulators.Arm.Timing;
using Scaler.Emulators.Common;

namespace Scaler.Emulators.Arm;

/// <summary>Settings for <see cref="ArmEmulator"/>. Durations run on its <c>TimeProvider</c>.</summary>
public sealed class ArmEmulatorOptions : EmulatorOptions
{
    /// <summary>How long a created VM reports <c>Creating</c> before its operation succeeds.</summary>
    public TimeSpan ProvisioningDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long after provisioning the guest boots and the guest agent is called.</summary>
    public TimeSpan BootDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a deleted VM reports <c>Deleting</c> before it is gone.</summary>
    public TimeSpan DeletionDelay { get; init; } = TimeSpan.Zero;

    /// <summary>How long a started VM reports <c>PowerState/starting</c> before it runs and its guest boots again.</summary>
    public TimeSpan StartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the boot of a prepared VM (runner installed) takes: until it powered itself off or its runner is online.</summary>
    public TimeSpan PreparedBootDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Timings with spread, such as <see cref="ArmTimingProfile.Azure"/> (or <c>.Compressed(20)</c> of it); when set, they replace
    /// <see cref="ProvisioningDelay"/>, <see cref="BootDelay"/>, <see cref="DeletionDelay"/>, <see cref="StartDelay"/> and <see cref="PreparedBootDelay"/>.
    /// </summary>
    public ArmTimingProfile? Timing { get; init; }

    /// <summary>Seed of the random source that draws each operation's duration within its spread.</summary>
    public int TimingSeed { get; init; } = 1;

    /// <summary>The timings in force: <see cref="Timing"/>, or the fixed delays.</summary>
    public ArmTimingProfile EffectiveTiming => Timing ?? ArmTimingProfile.Fixed("fixed", ProvisioningDelay, BootDelay, DeletionDelay, StartDelay, PreparedBootDelay);

    public IGuestAgent GuestAgent { get; init; } = NoGuestAgent.Instance;

    /// <summary>VMs per page of a list; a smaller page makes clients follow <c>nextLink</c>.</summary>
    public int ListPageSize { get; init; } = 50;

    /// <summary>Writes a subscription may burst before 429 (ARM allows 200 per principal).</summary>
    public int WriteBurst { get; init; } = 200;

    /// <summary>Writes per second added back to the budget (ARM refills 10 per second).</summary>
    public double WriteRefillPerSecond { get; init; } = 10;

    /// <summary>
    /// Microsoft.Compute's own throttling on top of ARM's write budget, such as <see cref="ComputeThrottlingPolicy.Azure"/>;
    /// null (the default) throttles nothing beyond the write budget.
    /// </summary>
    public ComputeThrottlingPolicy? ComputeThrottling { get; init; }

    /// <summary>The api-version values accepted on Microsoft.Compute routes.</summary>
    public IReadOnlySet<string> ApiVersions { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "2022-03-01", "2022-08-01", "2022-11-01", "2023-03-01", "2023-07-01", "2023-09-01", "2024-03-01", "2024-07-01", "2024-11-01",
    };

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(GuestAgent);
        ArgumentOutOfRangeException.ThrowIfLessThan(ListPageSize, 1, nameof(ListPageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(WriteBurst, 1, nameof(WriteBurst));
        ArgumentOutOfRangeException.ThrowIfNegative(WriteRefillPerSecond, nameof(WriteRefillPerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThan(ProvisioningDelay, TimeSpan.Zero, nameof(ProvisioningDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(BootDelay, TimeSpan.Zero, nameof(BootDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(DeletionDelay, TimeSpan.Zero, nameof(DeletionDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(StartDelay, TimeSpan.Zero, nameof(StartDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(PreparedBootDelay, TimeSpan.Zero, nameof(PreparedBootDelay));
        Timing?.Validate();
    }
}
