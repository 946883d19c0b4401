using Scaler.Cli.Sandbox;

namespace Scaler.Cli.Demo;

/// <summary>How long the demo waits, and the sandbox it runs in.</summary>
public sealed class DemoOptions
{
    public int Jobs { get; init; } = 20;

    public int Seed { get; init; } = 1;

    /// <summary>
    /// Short timeouts so the demo ends quickly: runners above the warm minimum go after 5 idle seconds, a VM
    /// whose runner is not online after 10 seconds is deleted.
    /// </summary>
    public SandboxOptions Sandbox { get; init; } = new()
    {
        LinuxMinIdle = 1,
        IdleTimeout = TimeSpan.FromSeconds(5),
        BootTimeout = TimeSpan.FromSeconds(10),
        Logging = _ => { },
    };

    /// <summary>How long, after the last job is queued, every job has to complete.</summary>
    public TimeSpan CompletionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long, after every job completed, the pools have to shrink to their warm minimum.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(45);

    public TimeSpan SamplePeriod { get; init; } = TimeSpan.FromMilliseconds(250);

    public IReadOnlyDictionary<string, int> WarmMinimum => new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [DemoWorkload.LinuxPool] = Sandbox.LinuxMinIdle,
        [DemoWorkload.GpuPool] = 0,
    };
}
