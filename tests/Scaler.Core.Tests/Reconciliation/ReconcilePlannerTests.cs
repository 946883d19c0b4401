using System.Globalization;
using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Provisioning;
using Scaler.Core.Reconciliation;
using Scaler.Core.State;

namespace Scaler.Core.Tests.Reconciliation;

public class ReconcilePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 22, 0, 0, TimeSpan.Zero);
    private static readonly ProvisioningOptions Provisioning = new() { LeaseDuration = TimeSpan.FromMinutes(10), ProvisioningGrace = TimeSpan.FromMinutes(2) };

    private readonly PoolOptions pool = new()
    {
        Name = "linux-x64", MaxRunners = 5, MinIdle = 0,
        IdleTimeout = TimeSpan.FromMinutes(5), BootTimeout = TimeSpan.FromMinutes(10), MaxLifetime = TimeSpan.FromHours(24),
    };

    [Fact]
    public void Plan_VmWhoseRunnerFinished_DeletesVm()
    {
        var actions = Plan([Vm("linux-x64-1", age: 30)], [], [Record("linux-x64-1", age: 30, online: 20)]);

        var action = Assert.Single(actions);
        Assert.Equal((ReconcileActionKind.DeleteVm, "linux-x64-1"), (action.Kind, action.Name));
        Assert.Contains("finished or vanished", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_VmJustCreatedWithoutRunnerYet_IsLeftAlone()
    {
        Assert.Empty(Plan([Vm("linux-x64-1", age: 1)], [], [Record("linux-x64-1", age: 1)]));
    }

    [Fact]
    public void Plan_RunnerNeverOnlineWithinBootTimeout_RemovesIt()
    {
        var actions = Plan([Vm("linux-x64-1", age: 11)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 11)]);

        var action = Assert.Single(actions);
        Assert.Equal(ReconcileActionKind.RemoveIdleRunner, action.Kind);
        Assert.Contains("BootTimeout", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RunnerStillBooting_IsLeftAlone()
    {
        Assert.Empty(Plan([Vm("linux-x64-1", age: 4)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 4)]));
    }

    [Fact]
    public void Plan_IdleRunnerPastIdleTimeout_RemovedAboveMinIdleOldestFirst()
    {
        pool.MinIdle = 1;
        var actions = Plan(
            [Vm("linux-x64-1", age: 20), Vm("linux-x64-2", age: 20), Vm("linux-x64-3", age: 20)],
            [Runner("linux-x64-1"), Runner("linux-x64-2"), Runner("linux-x64-3")],
            [Record("linux-x64-1", age: 20, online: 19), Record("linux-x64-2", age: 20, online: 18), Record("linux-x64-3", age: 20, online: 2)]);

        var removed = actions.Where(a => a.Kind == ReconcileActionKind.RemoveIdleRunner).Select(a => a.Name);
        Assert.Equal(["linux-x64-1", "linux-x64-2"], removed.Order());
    }

    [Fact]
    public void Plan_IdleRunnersAtMinIdle_AreKept()
    {
        pool.MinIdle = 2;

        var actions = Plan(
            [Vm("linux-x64-1", age: 60), Vm("linux-x64-2", age: 60)],
            [Runner("linux-x64-1"), Runner("linux-x64-2")],
            [Record("linux-x64-1", age: 60, online: 59), Record("linux-x64-2", age: 60, online: 59)]);

        Assert.Empty(actions);
    }

    [Fact]
    public void Plan_BusyRunner_IsNeverRemovedEvenPastMaxLifetime()
    {
        var actions = Plan([Vm("linux-x64-1", age: 60 * 25)], [Runner("linux-x64-1", busy: true)], [Record("linux-x64-1", age: 60 * 25, online: 60 * 25)]);

        Assert.Empty(actions);
    }

    [Fact]
    public void Plan_IdleRunnerPastMaxLifetime_IsRemoved()
    {
        pool.MinIdle = 1;

        var actions = Plan([Vm("linux-x64-1", age: 60 * 25)], [Runner("linux-x64-1")], [Record("linux-x64-1", age: 60 * 25, online: 60 * 25)]);

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.RemoveIdleRunner && a.Reason.Contains("MaxLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_RunnerOfOlderVersion_IsRecycledWhenIdle()
    {
        pool.MinIdle = 1;

        var actions = Plan([Vm("linux-x64-1", age: 3)], [Runner("linux-x64-1", version: "2.329.0")], [Record("linux-x64-1", age: 3, online: 1)], current: "2.330.0");

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.RemoveIdleRunner && a.Reason.Contains("2.329.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_RunnerWentOffline_IsRemoved()
    {
        var actions = Plan([Vm("linux-x64-1", age: 30)], [Runner("linux-x64-1", online: false)], [Record("linux-x64-1", age: 30, online: 20)]);

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.RemoveIdleRunner && a.Reason.Contains("offline", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_RegistrationWithoutVm_IsDeletedUnlessBeingProvisioned()
    {
        var actions = Plan([], [Runner("linux-x64-1"), Runner("linux-x64-2")], [Record("linux-x64-2", age: 1)]);

        var action = Assert.Single(actions, a => a.Kind == ReconcileActionKind.DeleteRegistration);
        Assert.Equal("linux-x64-1", action.Name);
    }

    [Fact]
    public void Plan_CapacityWithoutVmOrRunner_IsReleasedAfterTheLease()
    {
        var actions = Plan([], [], [Record("linux-x64-1", age: 11), Record("linux-x64-2", age: 3)]);

        var action = Assert.Single(actions, a => a.Kind == ReconcileActionKind.ReleaseCapacity);
        Assert.Equal("linux-x64-1", action.Name);
    }

    [Fact]
    public void Plan_BelowMinIdle_CreatesWarmRunnersWithinMaxRunners()
    {
        pool.MinIdle = 3;
        pool.MaxRunners = 4;

        var actions = Plan(
            [Vm("linux-x64-1", age: 5), Vm("linux-x64-2", age: 5)],
            [Runner("linux-x64-1", busy: true), Runner("linux-x64-2", busy: true)],
            [Record("linux-x64-1", age: 5), Record("linux-x64-2", age: 5)]);

        var warm = actions.Where(a => a.Kind == ReconcileActionKind.CreateWarmRunner).ToList();
        Assert.Equal(2, warm.Count);
        Assert.All(warm, a => Assert.Matches("^linux-x64-w[0-9a-f]{12}$", a.Name));
        Assert.All(warm, a => Assert.Same(pool, VmNames.PoolOf(a.Name, [pool])));
    }

    [Fact]
    public void Plan_InsideAWarmWindow_CreatesUpToTheWindowsMinIdle()
    {
        pool.WarmSchedules.Add(new WarmSchedule { Cron = "0 21 * * *", Duration = TimeSpan.FromHours(2), MinIdle = 3 });

        var actions = Plan([], [], []);

        Assert.Equal(3, actions.Count(a => a.Kind == ReconcileActionKind.CreateWarmRunner));
    }

    [Fact]
    public void Plan_AtMinIdle_CreatesNothing()
    {
        pool.MinIdle = 1;

        var actions = Plan([Vm("linux-x64-w0123456789ab", age: 1)], [Runner("linux-x64-w0123456789ab", online: false)], [Record("linux-x64-w0123456789ab", age: 1)]);

        Assert.DoesNotContain(actions, a => a.Kind == ReconcileActionKind.CreateWarmRunner);
    }

    [Fact]
    public void Plan_RunnerCameOnline_IsMarked()
    {
        var actions = Plan([Vm("linux-x64-1", age: 3)], [Runner("linux-x64-1")], [Record("linux-x64-1", age: 3)]);

        Assert.Equal(ReconcileActionKind.MarkOnline, Assert.Single(actions).Kind);
    }

    private IReadOnlyList<ReconcileAction> Plan(RunnerVm[] vms, GitHubRunner[] runners, RunnerRecord[] records, string? current = null) =>
        ReconcilePlanner.Plan(new PoolSnapshot(pool, vms, runners, records, current, Now), Provisioning);

    private static RunnerVm Vm(string name, int age) =>
        new(name, "Standard_D2ads_v5", false, "Succeeded", new Dictionary<string, string>
        {
            [RunnerTags.Pool] = "linux-x64",
            [RunnerTags.Created] = Now.AddMinutes(-age).ToString("O", CultureInfo.InvariantCulture),
        }, Now.AddMinutes(-age));

    private static GitHubRunner Runner(string name, bool online = true, bool busy = false, string? version = null) =>
        new(name.Length, name, online, busy, ["self-hosted", "linux"], version);

    private static RunnerRecord Record(string name, int age, int? online = null) =>
        new() { Pool = "linux-x64", VmName = name, ClaimedAt = Now.AddMinutes(-age), OnlineSince = online is { } o ? Now.AddMinutes(-o) : null, State = RunnerState.Created };
}
