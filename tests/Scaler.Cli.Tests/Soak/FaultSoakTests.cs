using System.Globalization;
using Xunit.Abstractions;

namespace Scaler.Cli.Tests.Soak;

/// <summary>
/// Jobs through the whole loop under faults, then every invariant checked over the whole history. The suite plays
/// 100 jobs; <c>./build.sh soak</c> plays 1,000 (SCALER_SOAK_JOBS) and writes the closing line and the violations to
/// SCALER_SOAK_SUMMARY.
/// </summary>
public sealed class FaultSoakTests(ITestOutputHelper output)
{
    private const int SuiteJobs = 100;

    [Fact]
    public async Task Soak_JobsUnderFaults_EveryInvariantHoldsOverTheWholeHistory()
    {
        var jobs = int.TryParse(Environment.GetEnvironmentVariable("SCALER_SOAK_JOBS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : SuiteJobs;

        var result = await FaultSoak.RunAsync(jobs, seed: 14, interval: TimeSpan.FromMilliseconds(100), CancellationToken.None);

        output.WriteLine(result.ClosingLine);
        if (Environment.GetEnvironmentVariable("SCALER_SOAK_SUMMARY") is { Length: > 0 } summary)
        {
            await File.WriteAllLinesAsync(summary, [.. result.Violations, result.ClosingLine]);
        }

        Assert.True(result.Violations.Count == 0, string.Join(Environment.NewLine, [result.ClosingLine, .. result.Violations.Take(50)]));
        Assert.True(result.Jobs >= jobs, result.ClosingLine);
    }
}
