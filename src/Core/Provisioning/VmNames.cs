using System.Globalization;
using Scaler.Core.Pools;

namespace Scaler.Core.Provisioning;

/// <summary>
/// VM names, which are also runner names: <c>{pool}-{jobId}</c> for the VM created for a job. A redelivered
/// message derives the same name, so it converges on the same VM instead of creating a second one.
/// </summary>
public static class VmNames
{
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static string ForJob(string pool, long jobId) => $"{pool}-{jobId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A warm runner's VM name: <c>{pool}-w</c> and 12 random hex digits.</summary>
    public static string ForWarm(string pool) => $"{pool}-w{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}";

    /// <summary>The pool a runner name belongs to, or null when the name is not one of Scaler's.</summary>
    public static PoolOptions? PoolOf(string? runnerName, IEnumerable<PoolOptions> pools)
    {
        if (string.IsNullOrEmpty(runnerName))
        {
            return null;
        }

        return pools
            .Where(p => runnerName.Length > p.Name.Length + 1
                && runnerName.StartsWith(p.Name + "-", StringComparison.Ordinal)
                && IsSuffix(runnerName.AsSpan(p.Name.Length + 1)))
            .OrderByDescending(p => p.Name.Length)
            .FirstOrDefault();
    }

    /// <summary>A job id, or <c>w</c> and a lower-case hex id for a warm runner.</summary>
    private static bool IsSuffix(ReadOnlySpan<char> suffix) =>
        suffix.Length <= 20 && (long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || (suffix.Length > 1 && suffix[0] == 'w' && suffix[1..].IndexOfAnyExcept(LowerHex) < 0));
}
