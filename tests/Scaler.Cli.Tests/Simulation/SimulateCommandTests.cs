using System.Xml.Linq;

namespace Scaler.Cli.Tests.Simulation;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("scaler-simulate-");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public async Task Simulate_BadTraceLine_ExitsOneNamingTheLine()
    {
        var trace = Path.Combine(directory.FullName, "bad.csv");
        await File.WriteAllTextAsync(trace, "arrival,labels,repository,duration\n0,self-hosted linux x64,contoso/api,60\n0,self-hosted linux x64,contoso/api\n");

        var run = await CommandLine.RunAsync("simulate", "--trace", trace);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: bad.csv:3: expected 4 fields (arrival,labels,repository,duration), found 3", run.Error.Trim());
    }

    [Fact]
    public async Task Simulate_NightTrace_PrintsTheFiguresAndTheWarmTableAndWritesTheChart()
    {
        var svg = Path.Combine(directory.FullName, "night.svg");

        var run = await CommandLine.RunAsync("simulate", "--trace", Path.Combine(Repository.Root, "bench", "traces", "night.csv"), "--out", svg, "--warm-max", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Wait          p50 ", run.Output, StringComparison.Ordinal);
        Assert.Contains("VM-minutes    ", run.Output, StringComparison.Ordinal);
        Assert.Contains("Peak runners  ", run.Output, StringComparison.Ordinal);
        Assert.Contains("\n      1  ", run.Output, StringComparison.Ordinal);
        Assert.Equal("svg", XDocument.Load(svg).Root!.Name.LocalName);
    }

    [Fact]
    public async Task Simulate_UnknownWarmPool_ExitsTwoNamingIt()
    {
        var run = await CommandLine.RunAsync("simulate", "--trace", Path.Combine(Repository.Root, "bench", "traces", "night.csv"), "--warm-pool", "windows");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --warm-pool windows is not a pool of the settings.", run.Error.Trim());
    }

    [Fact]
    public async Task Simulate_WarmPoolNamed_VariesOnlyThatPool()
    {
        var run = await CommandLine.RunAsync("simulate", "--trace", Path.Combine(Repository.Root, "bench", "traces", "night.csv"), "--warm-pool", "linux-x64-large", "--warm-max", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Warm pool (MinIdle of pool linux-x64-large, all the time):", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_StandbyMax_PrintsTheStandbyTableWithCostsAndJobsOnStandby()
    {
        var run = await CommandLine.RunAsync("simulate", "--trace", Path.Combine(Repository.Root, "bench", "traces", "night.csv"), "--warm-pool", "linux-x64", "--warm-max", "-1", "--standby-max", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Standby pool (Standby.Size of pool linux-x64, all the time):", run.Output, StringComparison.Ordinal);
        Assert.Contains("Standby  wait p50  wait p95  wait max  VM-minutes   compute     disks     total  on standby", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Warm pool", run.Output, StringComparison.Ordinal);
        Assert.Contains("3 simulations", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_SettingsFileWithStandbySize_PreparesStandbyVmsAndReportsThem()
    {
        var values = Scaler.Cli.Simulation.SimulationSettings.ExamplePools().ToDictionary(v => v.Key.Replace(":", "__", StringComparison.Ordinal), v => v.Value);
        values["Scaler__Pools__0__Standby__Size"] = "2";
        var settings = Path.Combine(directory.FullName, "standby.settings.json");
        await File.WriteAllTextAsync(settings, System.Text.Json.JsonSerializer.Serialize(new { Values = values }));

        var run = await CommandLine.RunAsync("simulate", "--trace", Path.Combine(Repository.Root, "bench", "traces", "night.csv"), "--settings", settings, "--warm-max", "-1");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"\nStandby       \d+ VMs prepared, [1-9]\d* jobs ran on one; peak standby VMs 2\r?\n", run.Output);
    }

    [Theory]
    [InlineData("weekday")]
    [InlineData("matrix")]
    [InlineData("night")]
    public async Task SimulateTrace_ShippedTrace_IsWhatTheGeneratorPrints(string shape)
    {
        var run = await CommandLine.RunAsync("simulate", "trace", "--shape", shape, "--seed", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "bench", "traces", shape + ".csv")), run.Output);
    }
}
