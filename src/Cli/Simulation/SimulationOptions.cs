namespace Scaler.Cli.Simulation;

/// <summary>
/// The simulator's model of the platform (settings section <c>Simulation</c>): how long Azure and GitHub take, what a VM
/// size costs. The defaults are Azure's documented or commonly measured figures (see docs/simulator.md).
/// </summary>
internal sealed class SimulationOptions
{
    public const string Section = "Simulation";

    /// <summary>The hours of a month in Azure's price list: a monthly disk price is billed by the hour at 1/730 of it.</summary>
    public const decimal HoursPerMonth = 730;

    /// <summary>The moment the trace's offsets count from; warm-pool schedules are evaluated against it. A Monday by default.</summary>
    public DateTimeOffset Start { get; set; } = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>VM create operation: from the PUT until Azure reports the VM provisioned.</summary>
    public TimeSpan CreateDuration { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>
    /// The processor, which holds its message until the create operation ended, learns of the end at the Azure SDK's
    /// next poll (<see cref="SimulatedVms.SdkPolls"/>); false: at once.
    /// </summary>
    public bool CreatePolledBySdk { get; set; } = true;

    /// <summary>
    /// From a create's PUT until Azure accepts it (201 with the operation's address): what a processor that starts the
    /// create and lets a watcher see it through holds its message for.
    /// </summary>
    public TimeSpan CreateAcceptDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>From the VM provisioned until its runner is online at GitHub (OS boot, cloud-init, runner start).</summary>
    public TimeSpan BootDuration { get; set; } = TimeSpan.FromSeconds(75);

    /// <summary>VM delete operation; the VM is not counted in VM-minutes while it is deleted.</summary>
    public TimeSpan DeleteDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// From a deallocate request until Azure reports the VM deallocated (a prepared standby VM); it is billed for compute
    /// until then.
    /// </summary>
    public TimeSpan DeallocateDuration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>From a start request of a deallocated VM until it runs (the ARM emulator's Azure profile takes the same).</summary>
    public TimeSpan StartDuration { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>
    /// From a started standby VM running until its runner is online: the OS boots and the runner, installed when the VM
    /// was prepared, starts with the JIT config from <c>userData</c>.
    /// </summary>
    public TimeSpan PreparedBootDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>From a job event at GitHub until its webhook is on Scaler's queue.</summary>
    public TimeSpan WebhookLatency { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages the queue consumer takes at once (the Functions host's <c>batchSize</c> in host.json).</summary>
    public int QueueBatchSize { get; set; } = 16;

    /// <summary>
    /// The consumer takes the next batch when no more than this many messages are still being processed (host.json's
    /// <c>newBatchThreshold</c>, which <c>scaler serve</c>'s pump follows too).
    /// </summary>
    public int QueueNewBatchThreshold { get; set; } = 8;

    /// <summary>
    /// Queue consumers sharing the queue: Function instances, each with its own batch and threshold (one instance of
    /// the Functions app is one consumer; <c>scaler serve</c> runs one).
    /// </summary>
    public int QueueConsumers { get; set; } = 1;

    /// <summary>An idle consumer polls after 100 ms, then twice as long each time up to this (host.json's <c>maxPollingInterval</c>); zero: at once.</summary>
    public TimeSpan QueueMaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The reconcile timer's period (the Functions app runs it every minute).</summary>
    public TimeSpan ReconcilePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Price per VM-hour by size (pay-as-you-go Linux, USD); a size not listed costs nothing and is named in the report.</summary>
    public Dictionary<string, decimal> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Price of a Standard SSD managed disk per GiB-month (USD); a VM's OS disk (the pool's <c>OsDiskSizeGb</c>) is billed
    /// at it while the VM exists, deallocated or not. A month is 730 hours.
    /// </summary>
    public decimal DiskPricePerGbMonth { get; set; } = 0.075m;

    /// <summary>Simulated time allowed after the last arrival for every job to finish; jobs still waiting then are reported.</summary>
    public TimeSpan Drain { get; set; } = TimeSpan.FromHours(6);
}
