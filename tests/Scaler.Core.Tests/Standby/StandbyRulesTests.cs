using Scaler.Core.Compute;
using Scaler.Core.Convergence;
using Scaler.Core.Runners;
using Scaler.Core.State;
using static Scaler.Core.Convergence.ReconcileActionKind;
using static Scaler.Core.Tests.Convergence.Snapshots;

namespace Scaler.Core.Tests.Standby;

/// <summary>The standby rows of the reconcile table, decided from snapshots alone.</summary>
public class StandbyRulesTests
{
    private static RunnerVm StandbyVm(string name, double age) =>
        Vm(name, age) with { Tags = new Dictionary<string, string>(Vm(name, age).Tags) { [RunnerTags.Standby] = "true", [RunnerTags.JobId] = "0" } };

    private static RunnerRecord Ready(string name, int preparedAgo, string version = "2.330.0", string image = "Canonical:ubuntu-24_04-lts:server:latest") =>
        Record(name, preparedAgo + 3) with { State = RunnerState.Standby, PreparedAt = Now.AddMinutes(-preparedAgo), RunnerVersion = version, Image = image };

    private static Scaler.Core.Pools.PoolOptions StandbyPool(int size, int maxRunners = 5)
    {
        var pool = Pool();
        pool.MaxRunners = maxRunners;
        pool.Standby.Size = size;
        return pool;
    }

    private static IReadOnlyList<ReconcileAction> Plan(Scaler.Core.Pools.PoolOptions pool, RunnerVm[] vms, RunnerRecord[] records, Scaler.Core.GitHub.GitHubRunner[]? runners = null) =>
        ReconcilePlanner.Plan(Of(pool, vms, runners ?? [], records, current: "2.330.0"), Provisioning);

    [Fact]
    public void Plan_ReadyStandbyVmsAtSize_NoRunnerRuleTouchesThem()
    {
        var actions = Plan(StandbyPool(size: 2), [StandbyVm("linux-x64-sa", 600), StandbyVm("linux-x64-sb", 30)], [Ready("linux-x64-sa", 590), Ready("linux-x64-sb", 20)]);

        Assert.Empty(actions);
    }

    [Fact]
    public void Plan_MoreStandbyThanSize_DeletesTheLongestPrepared()
    {
        var actions = Plan(StandbyPool(size: 1), [StandbyVm("linux-x64-sa", 60), StandbyVm("linux-x64-sb", 600)], [Ready("linux-x64-sa", 50), Ready("linux-x64-sb", 590)]);

        var delete = Assert.Single(actions);
        Assert.Equal((DeleteVm, "linux-x64-sb"), (delete.Kind, delete.Name));
    }

    [Fact]
    public void Plan_StandbyBuiltFromAnotherImage_IsReplaced()
    {
        var actions = Plan(StandbyPool(size: 1), [StandbyVm("linux-x64-sa", 60)], [Ready("linux-x64-sa", 50, image: "Canonical:ubuntu-22_04-lts:server:latest")]);

        Assert.Contains(actions, a => a.Kind == DeleteVm && a.Name == "linux-x64-sa" && a.Reason.Contains("image", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.Kind == CreateStandbyVm);
    }

    [Fact]
    public void Plan_StandbyPreparedLongerAgoThanMaxAge_IsReplaced()
    {
        var pool = StandbyPool(size: 1);
        var maxAge = (int)pool.Standby.MaxAge.TotalMinutes;

        var old = Plan(pool, [StandbyVm("linux-x64-sa", maxAge + 10)], [Ready("linux-x64-sa", maxAge + 1)]);
        var young = Plan(pool, [StandbyVm("linux-x64-sa", maxAge)], [Ready("linux-x64-sa", maxAge - 1)]);

        Assert.Contains(old, a => a.Kind == DeleteVm && a.Name == "linux-x64-sa");
        Assert.Empty(young);
    }

    [Fact]
    public void Plan_ClaimedStandbyNeverStarted_GoesOnlyAfterTheLease()
    {
        var claimed = Record("linux-x64-sa", 11) with { State = RunnerState.Provisioning, ForJobId = 8 };

        var late = Plan(StandbyPool(size: 0), [StandbyVm("linux-x64-sa", 600)], [claimed]);
        var inTime = Plan(StandbyPool(size: 0), [StandbyVm("linux-x64-sa", 600)], [claimed with { ClaimedAt = Now.AddMinutes(-9) }]);

        Assert.Contains(late, a => a.Kind == DeleteVm && a.Name == "linux-x64-sa");
        Assert.DoesNotContain(inTime, a => a.Name == "linux-x64-sa");
    }

    [Fact]
    public void Plan_PreparingVmProvisioned_IsShelvedAndNotCountedAsAWarmRunner()
    {
        var pool = StandbyPool(size: 1);
        pool.MinIdle = 1;
        var preparing = Record("linux-x64-sa", 3) with { State = RunnerState.Preparing };

        var actions = Plan(pool, [StandbyVm("linux-x64-sa", 3)], [preparing]);

        Assert.Contains(actions, a => a.Kind == ShelveStandbyVm && a.Name == "linux-x64-sa");
        Assert.Single(actions, a => a.Kind == CreateWarmRunner);
        Assert.DoesNotContain(actions, a => a.Kind == CreateStandbyVm);
    }

    [Fact]
    public void Plan_BelowStandbySize_CreatesNoMoreThanMaxRunnersLeavesRoomFor()
    {
        var pool = StandbyPool(size: 3, maxRunners: 3);
        pool.MinIdle = 1;

        var actions = Plan(pool, [Vm("linux-x64-1", 5)], [Record("linux-x64-1", 5)], [Runner("linux-x64-1", busy: true)]);

        Assert.Single(actions, a => a.Kind == CreateWarmRunner);
        Assert.Single(actions, a => a.Kind == CreateStandbyVm);
    }

    [Fact]
    public void Plan_StartedStandbyVmWithUserDataSetAndRunnerOnline_ClearsIt()
    {
        var started = Vm("linux-x64-sa", 2);
        var record = Record("linux-x64-sa", 2) with { UserDataSet = true };

        var online = Plan(StandbyPool(size: 0), [started], [record], [Runner("linux-x64-sa", online: true)]);
        var booting = Plan(StandbyPool(size: 0), [started], [record], [Runner("linux-x64-sa", online: false)]);

        Assert.Contains(online, a => a.Kind == ClearUserData && a.Name == "linux-x64-sa");
        Assert.DoesNotContain(booting, a => a.Kind == ClearUserData);
    }

    [Fact]
    public void Plan_ReadyStandbyRowWithoutVm_IsReleasedAtOnce()
    {
        var actions = Plan(StandbyPool(size: 1), [], [Ready("linux-x64-sa", 0) with { ClaimedAt = Now }]);

        Assert.Single(actions, a => a.Kind == ReleaseCapacity && a.Name == "linux-x64-sa" && a.Row?.ETag == "etag-linux-x64-sa");
    }
}
