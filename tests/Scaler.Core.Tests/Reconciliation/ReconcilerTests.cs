using Scaler.Core.Provisioning;
using Scaler.Core.Reconciliation;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Reconciliation;

/// <summary>The reconciler acting on fakes, with the clock under the test's control.</summary>
public class ReconcilerTests
{
    [Fact]
    public async Task Reconcile_IdleRunnerPastIdleTimeout_IsDeregisteredAndItsVmDeleted()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.SetVersion("linux-x64-1", "2.330.0");
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(6));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Contains(actions, a => a.Kind == ReconcileActionKind.RemoveIdleRunner && a.Name == "linux-x64-1");
        Assert.False(harness.Vms.Exists("linux-x64-1"));
        Assert.Empty(harness.GitHub.All);
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task Reconcile_RunnerTakesAJobJustBeforeDeregistration_IsKept()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.SetVersion("linux-x64-1", "2.330.0");
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(6));
        harness.GitHub.BeforeDelete = _ => harness.GitHub.SetBusy("linux-x64-1", busy: true);

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.DoesNotContain(actions, a => a.Name == "linux-x64-1" && a.Kind == ReconcileActionKind.RemoveIdleRunner);
        Assert.True(harness.Vms.Exists("linux-x64-1"));
        Assert.Single(harness.GitHub.All);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "RunnerBecameBusy");
    }

    [Fact]
    public async Task Reconcile_AfterTheCompletedEventDeletedTheVmAndGitHubTheEphemeralRunner_ChangesNothing()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));
        var runner = Assert.Single(harness.GitHub.All);
        await harness.GitHub.DeleteRunnerAsync(Core.GitHub.RunnerTarget.For(harness.Pools[0]), runner.Id, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(30));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Name is "ReconcileActionFailed" or "ReconcilePoolFailed");
        Assert.DoesNotContain(actions, a => a.Name == "linux-x64-1");
    }

    [Fact]
    public async Task Reconcile_BootFailure_VmRemovedAfterBootTimeout()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.Clock.Advance(TimeSpan.FromMinutes(11));

        var actions = await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        var action = Assert.Single(actions, a => a.Name == "linux-x64-1");
        Assert.Contains("BootTimeout", action.Reason, StringComparison.Ordinal);
        Assert.False(harness.Vms.Exists("linux-x64-1"));
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        var requeued = Assert.Single(harness.Queue.Messages);
        Assert.Equal((1L, Scaler.Core.Jobs.JobAction.Queued, "linux-x64"), (requeued.JobId, requeued.Action, requeued.Pool));
        Assert.Equal(JobOutcome.Provisioned, (await harness.ProcessAsync(requeued)).Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-1"));
    }

    [Fact]
    public async Task Reconcile_WarmMinimum_CreatesWarmRunnersAndNoMore()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:MinIdle"] = "2");

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        var warm = harness.Vms.Requests.Where(r => r.Name.StartsWith("linux-x64-w", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warm.Count);
        Assert.Equal(2, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.Equal(2, harness.GitHub.All.Count(r => r.Name.StartsWith("linux-x64-w", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reconcile_GhostRegistrationWithoutVm_IsDeleted()
    {
        using var harness = new ProcessorHarness();
        await harness.GitHub.GenerateJitConfigAsync(Core.GitHub.RunnerTarget.For(harness.Pools[0]), "linux-x64-99", ["self-hosted"], 1, CancellationToken.None);

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Empty(harness.GitHub.All);
    }
}
