using System.Globalization;
using Scaler.Core.Pools;

namespace Scaler.Core.Provisioning;

/// <summary>The tags on every runner VM: the second source of truth the reconciler repairs drift from.</summary>
public static class RunnerTags
{
    public const string Pool = "scaler-pool";
    public const string JobId = "scaler-job-id";
    public const string Created = "scaler-created";
    public const string RunnerVersion = "scaler-runner-version";

    public static IReadOnlyDictionary<string, string> For(PoolOptions pool, long jobId, DateTimeOffset created, string runnerVersion) =>
        new Dictionary<string, string>
        {
            [Pool] = pool.Name,
            [JobId] = jobId.ToString(CultureInfo.InvariantCulture),
            [Created] = created.ToString("O", CultureInfo.InvariantCulture),
            [RunnerVersion] = runnerVersion,
        };
}
