namespace Scaler.Cli.Demo;

/// <summary>One job of the demo: when to queue it (from the start), where, with which labels, for how long.</summary>
public sealed record PlannedJob(int Index, TimeSpan At, string Pool, string Repository, IReadOnlyList<string> Labels, TimeSpan Duration)
{
    /// <summary>True for the job whose own VM is made not to boot.</summary>
    public bool FailsToBoot { get; init; }
}

/// <summary>
/// The demo's workload, the same for the same seed: about one job a second, mostly <c>linux-x64</c>, every fifth
/// (from the second) <c>gpu</c>, durations of 1-5 seconds across the <c>contoso</c> repositories. The first
/// <c>linux-x64</c> job from a third of the way in is one whose VM will not boot.
/// </summary>
public static class DemoWorkload
{
    public const string LinuxPool = "linux-x64";
    public const string GpuPool = "gpu";

    private static readonly string[] LinuxLabels = ["self-hosted", "linux", "x64"];
    private static readonly string[] GpuLabels = ["self-hosted", "linux", "gpu"];
    private static readonly string[] LinuxRepositories = ["contoso/api", "contoso/web", "contoso/ml"];

    public static IReadOnlyList<PlannedJob> Plan(int jobs, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        var random = new Random(seed);
        var bootFailure = jobs / 3 % 5 == 1 ? (jobs / 3) + 1 : jobs / 3;
        var plan = new List<PlannedJob>(jobs);
        for (var i = 0; i < jobs; i++)
        {
            var gpu = i % 5 == 1;
            var at = TimeSpan.FromSeconds(i + (random.NextDouble() * 0.8));
            var duration = TimeSpan.FromSeconds(1 + (random.NextDouble() * 4));
            plan.Add(gpu
                ? new PlannedJob(i, at, GpuPool, "contoso/ml", GpuLabels, duration)
                : new PlannedJob(i, at, LinuxPool, LinuxRepositories[random.Next(LinuxRepositories.Length)], LinuxLabels, duration) { FailsToBoot = i == bootFailure });
        }

        return plan;
    }
}
