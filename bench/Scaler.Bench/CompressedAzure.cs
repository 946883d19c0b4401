using Scaler.Cli.Sandbox;
using Scaler.Emulators.Arm.Throttling;
using Scaler.Emulators.Arm.Timing;

namespace Scaler.Bench;

/// <summary>
/// The sandbox at Azure's timings compressed <c>compression</c> times, with every limit and every period compressed
/// alike, so a profile hour runs in a real hour divided by it: GitHub's secondary and hourly limits, ARM's write budget,
/// Compute's buckets, Scaler's own JIT pace (which stands for GitHub's limit), and Scaler's production periods
/// (host.json polling, a one-minute reconcile, the pools' boot timeout, the processor's lease and grace).
/// </summary>
internal static class CompressedAzure
{
    /// <summary>GitHub App installation's primary limit, requests an hour (the lowest it grants).</summary>
    public const int GitHubPerHour = 5_000;

    /// <summary>ARM's write budget refill per second after its burst of 200.</summary>
    public const double ArmWritesPerSecond = 10;

    public static SandboxOptions Options(double compression, int maxRunners, int standbySize = 0)
    {
        TimeSpan Real(TimeSpan profileTime) => profileTime / compression;
        return new SandboxOptions
        {
            LinuxMinIdle = 0,
            LinuxMaxRunners = maxRunners,
            LinuxStandbySize = standbySize,
            ArmTiming = ArmTimingProfile.Azure.Compressed(compression),
            ComputeThrottling = ComputeThrottlingPolicy.Azure.Compressed(compression),
            ArmWriteRefillPerSecond = ArmWritesPerSecond * compression,
            GitHubSecondaryPointsPerMinute = (int)(900 * compression),
            GitHubRequestsPerHour = (int)(GitHubPerHour * compression),
            GitHubMaxConcurrentRequests = 100,
            JitConfigsPerMinute = (int)(150 * compression),
            QueueMaxPollingInterval = Real(TimeSpan.FromSeconds(2)),
            ReconcilePeriod = Real(TimeSpan.FromMinutes(1)),
            BootTimeout = Real(TimeSpan.FromMinutes(10)),
            LeaseDuration = Real(TimeSpan.FromMinutes(10)),
            CreateWatchDelay = Real(TimeSpan.FromSeconds(40)),
            ProvisioningGrace = Real(TimeSpan.FromMinutes(2)),
            IdleTimeout = Real(TimeSpan.FromMinutes(5)),
        };
    }
}
