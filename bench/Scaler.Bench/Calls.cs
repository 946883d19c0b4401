using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Bench;

/// <summary>What the emulators served between two moments, per endpoint (GitHub) and per operation (ARM).</summary>
internal sealed record Calls(IReadOnlyDictionary<string, long> GitHub, IReadOnlyDictionary<ArmOperationKind, long> Arm)
{
    public long GitHubTotal => GitHub.Values.Sum();

    public long ArmReads => Arm.Where(c => !IsWrite(c.Key)).Sum(c => c.Value);

    public long ArmWrites => Arm.Where(c => IsWrite(c.Key)).Sum(c => c.Value);

    /// <summary>The counters now; the emulated runners' own calls (<c>/_emulator/</c>) are not Scaler's and are left out.</summary>
    public static Calls Read(GitHubCounters github, ArmCounters arm) =>
        new(
            github.AllCalls.Where(c => !c.Key.Template.StartsWith("/_emulator/", StringComparison.Ordinal)).ToDictionary(c => c.Key.ToString(), c => c.Value),
            arm.AllCalls.ToDictionary(c => c.Key, c => c.Value));

    /// <summary>The calls made since <paramref name="before"/>.</summary>
    public Calls Since(Calls before) =>
        new(
            GitHub.ToDictionary(c => c.Key, c => c.Value - before.GitHub.GetValueOrDefault(c.Key)).Where(c => c.Value > 0).ToDictionary(),
            Arm.ToDictionary(c => c.Key, c => c.Value - before.Arm.GetValueOrDefault(c.Key)).Where(c => c.Value > 0).ToDictionary());

    /// <summary>ARM's write operations: the ones its write bucket (and Compute's PutVM/DeleteVM buckets) count.</summary>
    public static bool IsWrite(ArmOperationKind kind) =>
        kind is ArmOperationKind.CreateOrUpdateVirtualMachine or ArmOperationKind.DeleteVirtualMachine
            or ArmOperationKind.UpdateVirtualMachine or ArmOperationKind.DeallocateVirtualMachine;

    /// <summary>Rows of "where the calls go": each endpoint or operation, its calls and calls per job.</summary>
    public IEnumerable<string[]> Breakdown(int jobs) =>
        GitHub.OrderByDescending(c => c.Value).Select(c => new[] { "GitHub", c.Key, c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Report.F((double)c.Value / jobs) })
            .Concat(Arm.OrderByDescending(c => c.Value).Select(c => new[] { IsWrite(c.Key) ? "ARM write" : "ARM read", c.Key.ToString(), c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Report.F((double)c.Value / jobs) }));
}
