using Microsoft.Extensions.Configuration;
using Scaler.Cli.Simulation;
using Scaler.Core.Compute;

namespace Scaler.Cli.Tests.Simulation;

/// <summary>
/// Standby VMs in the simulator: Scaler's reconciler prepares them (create, first boot, powered off, deallocated) and a
/// queued job starts one. The expected figures come from the model's options, webhooks and queue polling taking no time.
/// </summary>
public sealed class StandbyTests
{
    private static readonly SimulationOptions Model = new();
    private static readonly string[] Linux = ["self-hosted", "linux", "x64"];
    private static readonly string[] Large = ["self-hosted", "linux", "x64", "large"];

    [Fact]
    public async Task RunAsync_JobAfterTheStandbyVmIsReady_WaitsTheStartAndPreparedBootNotTheCreateAndBoot()
    {
        var trace = new[] { Job(Linux, arrival: TimeSpan.FromMinutes(10), minutes: 5) };

        var fresh = await RunAsync(Settings(standby: 0), trace);
        var standby = await RunAsync(Settings(standby: 1), trace);

        var freshWait = Model.CreateDuration + Model.BootDuration;
        var standbyWait = Model.StartDuration + Model.PreparedBootDuration;
        Assert.True(standbyWait < freshWait, $"the model starts a prepared VM ({standbyWait}) faster than it makes one ({freshWait})");
        Assert.Equal(freshWait, Assert.Single(fresh.Jobs).Wait);
        Assert.Equal(standbyWait, Assert.Single(standby.Jobs).Wait);
        Assert.Equal(1, standby.ServedFromStandby);
        Assert.Equal(0, standby.Unfinished);
    }

    [Fact]
    public async Task RunAsync_StandbyVmStartedForAJob_ItsRunnerCameOnlineFromUserDataWhichWasThenCleared()
    {
        var result = await RunAsync(Settings(standby: 1), [Job(Linux, arrival: TimeSpan.FromMinutes(10), minutes: 5)]);

        var job = Assert.Single(result.Jobs);
        var vm = Assert.Single(result.Vms, v => v.Name == job.RunnerName);
        Assert.True(vm.Prepared);
        Assert.Equal(job.ArrivedAt + Model.StartDuration + Model.PreparedBootDuration, vm.OnlineAt);
        Assert.Equal("", vm.UserData);
    }

    [Fact]
    public async Task RunAsync_StandbyVmIdlesDeallocated_LongerIdleCostsItsDiskOnly()
    {
        // The only job is the large pool's, so linux-x64's standby VM idles until the run ends, 1 h or 3 h in.
        var shortRun = await RunAsync(Settings(standby: 1), [Job(Large, arrival: TimeSpan.FromHours(1), minutes: 1)]);
        var longRun = await RunAsync(Settings(standby: 1), [Job(Large, arrival: TimeSpan.FromHours(3), minutes: 1)]);

        var (shortVm, longVm) = (Assert.Single(shortRun.Vms, v => v.Prepared), Assert.Single(longRun.Vms, v => v.Prepared));
        Assert.Equal(VmPowerState.Deallocated, longVm.Power);

        // Created by the first reconcile run, powered off after its create and boot, deallocated once the next run after that
        // read it powered off: allocated until the deallocation ended, whatever came after.
        var period = Model.ReconcilePeriod;
        var poweredOff = period + Model.CreateDuration + Model.BootDuration;
        var seenOff = period * Math.Ceiling(poweredOff / period);
        var allocated = seenOff + Model.DeallocateDuration - period;
        Assert.Equal(allocated, shortVm.Allocated(shortRun.End));
        Assert.Equal(allocated, longVm.Allocated(longRun.End));
        Assert.Equal(shortRun.ComputeCostOf(shortVm), longRun.ComputeCostOf(longVm));

        var idle = longRun.End - shortRun.End;
        Assert.Equal(TimeSpan.FromHours(2), idle);
        var diskPerHour = Model.DiskPricePerGbMonth * 64 / SimulationOptions.HoursPerMonth;
        Assert.Equal((double)(diskPerHour * 2), (double)(longRun.DiskCostOf(longVm) - shortRun.DiskCostOf(shortVm)), precision: 12);
    }

    [Fact]
    public async Task RunAsync_JobsTakeTheStandbyVms_ReconcilerPreparesAsManyAgain()
    {
        var trace = new[] { Job(Linux, arrival: TimeSpan.FromMinutes(10), minutes: 10), Job(Linux, arrival: TimeSpan.FromMinutes(10), minutes: 10) };

        var result = await RunAsync(Settings(standby: 2), trace);

        Assert.All(result.Jobs, j => Assert.Equal(Model.StartDuration + Model.PreparedBootDuration, j.Wait));
        Assert.Equal(2, result.ServedFromStandby);
        Assert.Equal(4, result.StandbyVmsCreated);
        var ready = result.Vms.Where(v => v.Phase == RunnerPhase.Standby).ToList();
        Assert.Equal(2, ready.Count);
        Assert.All(ready, v => Assert.Equal(VmPowerState.Deallocated, v.Power));
        Assert.All(ready, v => Assert.True(v.CreatedAt > result.Jobs[0].ArrivedAt, $"{v.Name} was prepared after the jobs took the first two"));
    }

    [Fact]
    public async Task RunAsync_BurstOnAPoolWithStandbyVms_StandbyAndRunnerVmsTogetherNeverExceedMaxRunners()
    {
        const int MaxRunners = 3;
        var trace = Enumerable.Range(0, 8).Select(i => Job(Linux, arrival: TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(i * 20), minutes: 5)).ToList();

        var result = await RunAsync(Settings(standby: 2, change: values =>
        {
            values["Scaler:Pools:0:MaxRunners"] = MaxRunners.ToString(System.Globalization.CultureInfo.InvariantCulture);
            values["Scaler:Provisioning:PoolFullRetryDelay"] = "00:00:30";
        }), trace);

        Assert.Equal(0, result.Unfinished);
        Assert.Equal(0, result.Failed);
        Assert.True(result.ServedFromStandby >= 2, $"{result.ServedFromStandby} jobs ran on standby VMs");
        var mostAtOnce = result.Vms.Max(created => result.Vms.Count(v => v.CreatedAt <= created.CreatedAt && (v.LeftAt ?? result.End) > created.CreatedAt));
        Assert.Equal(MaxRunners, mostAtOnce);
    }

    [Fact]
    public async Task RunAsync_StandbyVmPrepared_CountsTheAdaptersArmCalls()
    {
        // No job of the pool: one VM prepared, and nothing else than that differs from the run without standby VMs.
        var result = await RunAsync(Settings(standby: 1), [Job(Large, arrival: TimeSpan.FromMinutes(10), minutes: 1)]);
        var none = await RunAsync(Settings(standby: 0), [Job(Large, arrival: TimeSpan.FromMinutes(10), minutes: 1)]);

        var period = Model.ReconcilePeriod;
        var poweredOff = period + Model.CreateDuration + Model.BootDuration;
        // The runs from the second up to the first after it powered off (which deallocates it), and the next (deallocated by then).
        var powerReads = (int)Math.Ceiling(poweredOff / period) - 1 + 1;
        // The create: a GET and a PUT; each power read: a GET and the instance view; the deallocate: a GET and a POST.
        Assert.Equal(none.ArmReads + 1 + (2 * powerReads) + 1, result.ArmReads);
        Assert.Equal(none.ArmWrites + 1 + 1, result.ArmWrites);
    }

    private static TraceJob Job(string[] labels, TimeSpan arrival, int minutes) => new(arrival, labels, "contoso/api", TimeSpan.FromMinutes(minutes));

    private static Task<SimulationResult> RunAsync(IConfiguration settings, IReadOnlyList<TraceJob> trace) =>
        Scaler.Cli.Simulation.Simulation.RunAsync(settings, trace, null, CancellationToken.None);

    /// <summary>The example pools, <c>linux-x64</c> keeping <paramref name="standby"/> standby VMs, set as an app setting.</summary>
    private static IConfiguration Settings(int standby, Action<Dictionary<string, string?>>? change = null) => ImmediateSettings.Build(values =>
    {
        values["Scaler:Pools:0:Standby:Size"] = standby.ToString(System.Globalization.CultureInfo.InvariantCulture);
        change?.Invoke(values);
    });
}
