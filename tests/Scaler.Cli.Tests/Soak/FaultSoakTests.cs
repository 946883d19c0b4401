using System.Globalization;
using Xunit.Abstractions;

namespace Scaler.Cli.Tests.Soak;

/// <summary>
/// Jobs through the whole loop under faults, then every invariant checked over the whole history. The suite plays
/// 120 jobs; <c>./build.sh soak</c> plays 1,000 (SCALER_SOAK_JOBS) and writes the summary line to SCALER_SOAK_SUMMARY.
/// </summary>
public sealed class FaultSoakTests(ITestOutputHelper output)
{
    private const int SuiteJobs = 120;

    [Fact]
    public async Task Soak_JobsUnderFaults_EveryInvariantHoldsOverTheWholeHistory()
    {
        var jobs = int.TryParse(Environment.GetEnvironmentVariable("SCALER_SOAK_JOBS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : SuiteJobs;

        var result = await FaultSoak.RunAsync(jobs, seed: 14, interval: TimeSpan.FromMilliseconds(100), CancellationToken.None);

        output.WriteLine(result.SummaryLine);
        if (Environment.GetEnvironmentVariable("SCALER_SOAK_SUMMARY") is { Length: > 0 } summary)
        {
            await File.WriteAllLinesAsync(summary, [result.SummaryLine, .. result.Violations]);
        }

        Assert.True(result.Violations.Count == 0, string.Join(Environment.NewLine, [result.SummaryLine, .. result.Violations.Take(50)]));
        Assert.True(result.Queued >= jobs, result.SummaryLine);
    }
}
