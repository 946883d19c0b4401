using Scaler.Core.Pools;

namespace Scaler.Core.Runners.CloudInit;

/// <summary>What a pool's operator adds to every VM: packages, sudo, a setup script. Settings, never workflow data.</summary>
public sealed record RunnerSetup(IReadOnlyList<string> Packages, bool Sudo, string SetupScript)
{
    /// <summary>Nothing beyond the runner itself.</summary>
    public static RunnerSetup None { get; } = new([], false, "");

    public bool Docker => Packages.Any(p => p is "docker.io" or "docker-ce");

    public static RunnerSetup For(PoolOptions pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return new RunnerSetup(pool.EffectivePackages, pool.RunnerSudo, pool.SetupScript);
    }
}
