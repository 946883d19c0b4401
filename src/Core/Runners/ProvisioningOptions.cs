namespace Scaler.Core.Runners;

/// <summary>The <c>Scaler:Provisioning</c> settings: how the job processor waits and retries.</summary>
public sealed class ProvisioningOptions
{
    public const string Section = "Scaler:Provisioning";

    /// <summary>How long a queued job waits before it asks a full pool again.</summary>
    public TimeSpan PoolFullRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a processor may hold a job while it provisions; a crashed holder's job is taken over after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a job waits after every VM size and priority failed for capacity, quota or SKU reasons.</summary>
    public TimeSpan CapacityRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When a started VM create is first read: about how long Azure takes to create a VM. A create still running is read
    /// again after a quarter of its age so far, at least 5 s and at most a minute apart.
    /// </summary>
    public TimeSpan CreateWatchDelay { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>When the watcher reads a create that was started <paramref name="sinceStart"/> ago next.</summary>
    public TimeSpan NextCreateRead(TimeSpan sinceStart) =>
        sinceStart < CreateWatchDelay
            ? CreateWatchDelay - sinceStart
            : TimeSpan.FromTicks(Math.Clamp(sinceStart.Ticks / 4, TimeSpan.FromSeconds(5).Ticks, TimeSpan.FromMinutes(1).Ticks));

    /// <summary>How long a new VM may lack its runner registration before the reconciler calls it an orphan.</summary>
    public TimeSpan ProvisioningGrace { get; set; } = TimeSpan.FromMinutes(2);
}
