using System.Globalization;
using System.Text.RegularExpressions;

namespace Scaler.Cli.Tests;

public sealed partial class DemoCommandTests
{
    [Fact]
    public async Task Demo_ShortRun_EveryJobCompletesNothingLeaksAndTheLastLineSaysSo()
    {
        var run = await CommandLine.RunAsync("demo", "--jobs", "6", "--seed", "7");

        var last = run.Output.TrimEnd().Split('\n')[^1].TrimEnd('\r');
        var match = FinalLine().Match(last);
        Assert.True(match.Success, $"unexpected last line: {last}\n{run.Output}\n{run.Error}");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("6", match.Groups["jobs"].Value);
        Assert.Equal("6", match.Groups["completed"].Value);
        Assert.Equal("0", match.Groups["vms"].Value);
        Assert.Equal("0", match.Groups["runners"].Value);
        Assert.True(double.Parse(match.Groups["p50"].Value, CultureInfo.InvariantCulture) <= double.Parse(match.Groups["p95"].Value, CultureInfo.InvariantCulture));
        Assert.True(int.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture) > 0);
        Assert.Contains("fell back to regular priority", run.Output, StringComparison.Ordinal);
        Assert.Contains("Boot failure: VM linux-x64-", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_NoJobs_ExitsTwo()
    {
        var run = await CommandLine.RunAsync("demo", "--jobs", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--jobs", run.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^demo: jobs=(?<jobs>\d+) completed=(?<completed>\d+) wait_p50=(?<p50>\d+\.\d)s wait_p95=(?<p95>\d+\.\d)s vm_seconds=(?<seconds>\d+) leftover_vms=(?<vms>\d+) leftover_runners=(?<runners>\d+)$")]
    private static partial Regex FinalLine();
}
