using Microsoft.Extensions.Configuration;
using Scaler.Cli.Simulation;

namespace Scaler.Cli.Tests.Simulation;

/// <summary>
/// The engine on tiny traces whose figures can be worked out by hand. Webhooks and queue polling take no time here, so
/// a job that needs a new VM waits exactly the create plus the boot (50 s + 75 s by default).
/// </summary>
public sealed class SimulationTests
{
    private static readonly TimeSpan CreateAndBoot = TimeSpan.FromSeconds(50 + 75);
    private static readonly string[] Linux = ["self-hosted", "linux", "x64"];

    [Fact]
    public async Task RunAsync_OneJob_WaitsCreatePlusBootAndCountsExactlyTheOracle()
    {
        var trace = new[] { Job(0, minutes: 10) };

        var result = await RunAsync(Settings(), trace);

        var job = Assert.Single(result.Jobs);
        Assert.Equal(CreateAndBoot, job.Wait);
        Assert.Equal(TimeSpan.FromMinutes(10), job.CompletedAt - job.StartedAt);
        var vm = Assert.Single(result.Vms);
        Assert.Equal(CreateAndBoot + TimeSpan.FromMinutes(10), vm.LeftAt - vm.CreatedAt);
        Assert.Equal((CreateAndBoot + TimeSpan.FromMinutes(10)).TotalMinutes, result.VmMinutes, precision: 9);
        Assert.Equal(result.OracleVmMinutes, result.VmMinutes, precision: 9);
        Assert.Equal(0.103m * (decimal)(725.0 / 3600), result.ComputeCost);
        Assert.Equal(0.075m * 64 * (decimal)(725.0 / 3600) / 730, result.DiskCost);
        Assert.Equal(result.ComputeCost + result.DiskCost, result.Cost);
        Assert.Equal(1, result.PeakRunners);
        Assert.Equal(0, result.Unfinished);
    }

    [Fact]
    public async Task RunAsync_MaxRunnersOne_SecondJobWaitsForTheFirstVmsReleaseAndItsOwnBoot()
    {
        var settings = Settings(values =>
        {
            values["Scaler:Pools:0:MaxRunners"] = "1";
            values["Scaler:Provisioning:PoolFullRetryDelay"] = "00:00:30";
        });
        var trace = new[] { Job(0, minutes: 10), Job(0, minutes: 10) };

        var result = await RunAsync(settings, trace);

        // The first VM is deleted when its job completes at 125 s + 600 s = 725 s; the second job's message, put back
        // every 30 s, claims the unit at 750 s and its VM's runner is online 125 s later.
        Assert.Equal([CreateAndBoot, TimeSpan.FromSeconds(750) + CreateAndBoot], result.Jobs.Select(j => j.Wait!.Value));
        Assert.Equal(1, result.PeakRunners);
        Assert.Equal(2, result.Vms.Count);
        Assert.Equal(0, result.Unfinished);
    }

    [Fact]
    public async Task RunAsync_ConsumerWaitsForItsWholeBatch_NextJobIsTakenWhenAzureAcceptedTheFirstCreate()
    {
        var trace = new[] { Job(0, minutes: 5), Job(10, minutes: 5) };

        var functions = await RunAsync(Settings(values => values["Simulation:CreateAcceptDuration"] = "00:00:30"), trace);
        var serve = await RunAsync(Settings(values =>
        {
            values["Simulation:CreateAcceptDuration"] = "00:00:30";
            values["Simulation:QueueNewBatchThreshold"] = "0";
        }), trace);

        // The first message is held until Azure accepts its VM's create, 30 s; scaler serve's pump takes the second one then.
        Assert.Equal([CreateAndBoot, CreateAndBoot], functions.Jobs.Select(j => j.Wait!.Value));
        Assert.Equal([CreateAndBoot, TimeSpan.FromSeconds(30 - 10) + CreateAndBoot], serve.Jobs.Select(j => j.Wait!.Value));
    }

    [Fact]
    public async Task RunAsync_TwoConsumers_SecondTakesTheNextJobWhileTheFirstHoldsItsBatch()
    {
        var trace = new[] { Job(0, minutes: 5), Job(10, minutes: 5) };

        var result = await RunAsync(Settings(values =>
        {
            values["Simulation:CreateAcceptDuration"] = "00:00:30";
            values["Simulation:QueueNewBatchThreshold"] = "0";
            values["Simulation:QueueConsumers"] = "2";
        }), trace);

        Assert.Equal([CreateAndBoot, CreateAndBoot], result.Jobs.Select(j => j.Wait!.Value));
    }

    [Fact]
    public async Task RunAsync_BurstOnOneConsumer_JobsWaitForCreateAndBootAndTheAcceptsOfTheBatchesAhead()
    {
        var trace = Enumerable.Range(0, 40).Select(_ => Job(0, minutes: 5)).ToList();

        var result = await RunAsync(Settings(values => values["Simulation:CreateAcceptDuration"] = "00:00:02"), trace);

        // Batches of 16, 16 and 8, each taken when the one before was accepted (2 s): no message waits for a create.
        var waits = result.Jobs.Select(j => j.Wait!.Value).ToList();
        Assert.Equal(16, waits.Count(w => w == CreateAndBoot));
        Assert.Equal(16, waits.Count(w => w == CreateAndBoot + TimeSpan.FromSeconds(2)));
        Assert.Equal(8, waits.Count(w => w == CreateAndBoot + TimeSpan.FromSeconds(4)));
        Assert.Equal(40, result.Vms.Count);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 5)]
    [InlineData(50, 65)]
    [InlineData(70, 97)]
    public void Observed_OperationOfSeconds_SeenAtTheSdksFirstPollAtOrAfterItsEnd(double seconds, double seen)
    {
        Assert.Equal(TimeSpan.FromSeconds(seen), SimulatedVms.Observed(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public async Task RunAsync_WarmRunnerOnline_JobStartsWithoutWaiting()
    {
        var trace = new[] { Job(600, minutes: 5) };

        var cold = await RunAsync(Settings(), trace);
        var warm = await RunAsync(Settings(values => values["Scaler:Pools:0:MinIdle"] = "1"), trace);

        Assert.Equal(CreateAndBoot, Assert.Single(cold.Jobs).Wait);
        Assert.Equal(TimeSpan.Zero, Assert.Single(warm.Jobs).Wait);
        Assert.True(warm.VmMinutes > cold.VmMinutes, $"the warm runner idles before the job: {warm.VmMinutes} VM-minutes against {cold.VmMinutes}");
    }

    [Fact]
    public async Task RunAsync_LabelsNoPoolHas_JobIsCountedAsNotRouted()
    {
        var trace = new[] { Job(0, minutes: 1), new TraceJob(TimeSpan.Zero, ["self-hosted", "windows"], "contoso/api", TimeSpan.FromMinutes(1)) };

        var result = await RunAsync(Settings(), trace);

        Assert.Equal(1, result.Unrouted);
        Assert.Single(result.Jobs);
    }

    [Fact]
    public async Task RunAsync_LargeLabel_RoutesToTheLargePoolAndPricesItsSize()
    {
        var trace = new[] { new TraceJob(TimeSpan.Zero, ["self-hosted", "linux", "x64", "large"], "contoso/api", TimeSpan.FromMinutes(10)) };

        var result = await RunAsync(Settings(), trace);

        Assert.Equal("Standard_D8ads_v5", Assert.Single(result.Vms).Size);
        Assert.Equal(0.412m * (decimal)(725.0 / 3600), result.ComputeCost);
    }

    [Fact]
    public async Task RunAsync_ShippedWeekdayTraceWithoutWarmPool_StaysWithinFivePercentOfTheOracle()
    {
        var trace = TraceFile.Read(Path.Combine(Repository.Root, "bench", "traces", "weekday.csv"));

        var result = await Scaler.Cli.Simulation.Simulation.RunAsync(SimulationSettings.Load(null), trace, null, CancellationToken.None);

        Assert.Equal(0, result.Unfinished);
        Assert.Equal(0, result.Failed);
        Assert.InRange(result.OracleRatio, 1.0, 1.05);
    }

    [Fact]
    public async Task RunAsync_SameTraceTwice_SameFigures()
    {
        var trace = TraceFile.Read(Path.Combine(Repository.Root, "bench", "traces", "matrix.csv"));

        var first = await Scaler.Cli.Simulation.Simulation.RunAsync(SimulationSettings.Load(null), trace, null, CancellationToken.None);
        var second = await Scaler.Cli.Simulation.Simulation.RunAsync(SimulationSettings.Load(null), trace, null, CancellationToken.None);

        Assert.Equal(first.VmMinutes, second.VmMinutes);
        Assert.Equal(first.Jobs.Select(j => j.Wait), second.Jobs.Select(j => j.Wait));
        Assert.Equal(first.Timeline.Points, second.Timeline.Points);
    }

    private static TraceJob Job(int arrivalSeconds, int minutes) =>
        new(TimeSpan.FromSeconds(arrivalSeconds), Linux, "contoso/api", TimeSpan.FromMinutes(minutes));

    private static Task<SimulationResult> RunAsync(IConfiguration settings, IReadOnlyList<TraceJob> trace) =>
        Scaler.Cli.Simulation.Simulation.RunAsync(settings, trace, null, CancellationToken.None);

    private static IConfiguration Settings(Action<Dictionary<string, string?>>? change = null) => ImmediateSettings.Build(change);
}
