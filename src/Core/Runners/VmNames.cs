using System.Globalization;
using Scaler.Core.Pools;

namespace Scaler.Core.Runners;

/// <summary>
/// VM names, which are also runner names: <c>{pool}-{jobId}</c> (<c>-r{n}</c> after n requeues) for the VM created for a job. A redelivered
/// message derives the same name, so it converges on the same VM instead of creating a second one.
/// </summary>
public static class VmNames
{
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>
    /// <c>{pool}-{jobId}</c>, and <c>{pool}-{jobId}-r{requeues}</c> once the job was requeued: its next VM never meets
    /// the name of the one before, which may still exist, kept stopped for investigation.
    /// </summary>
    public static string ForJob(string pool, long jobId, int requeues = 0) =>
        requeues == 0
            ? $"{pool}-{jobId.ToString(CultureInfo.InvariantCulture)}"
            : $"{pool}-{jobId.ToString(CultureInfo.InvariantCulture)}-r{requeues.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A warm runner's VM name: <c>{pool}-w</c> and 12 random hex digits.</summary>
    public static string ForWarm(string pool) => $"{pool}-w{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}";

    /// <summary>A standby VM's name: <c>{pool}-s</c> and 12 random hex digits.</summary>
    public static string ForStandby(string pool) => $"{pool}-s{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}";

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

    /// <summary>
    /// A job id, optionally with <c>-r</c> and its requeue count, or <c>w</c> (a warm runner) or <c>s</c> (a standby VM)
    /// and a lower-case hex id.
    /// </summary>
    private static bool IsSuffix(ReadOnlySpan<char> suffix)
    {
        var requeue = suffix.IndexOf("-r", StringComparison.Ordinal);
        if (requeue > 0)
        {
            return IsNumber(suffix[..requeue], 20) && IsNumber(suffix[(requeue + 2)..], 9);
        }

        return IsNumber(suffix, 20) || (suffix.Length is > 1 and <= 20 && suffix[0] is 'w' or 's' && suffix[1..].IndexOfAnyExcept(LowerHex) < 0);
    }

    private static bool IsNumber(ReadOnlySpan<char> text, int maxLength) =>
        text.Length <= maxLength && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
