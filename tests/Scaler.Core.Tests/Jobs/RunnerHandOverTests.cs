using Scaler.Core.Jobs;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Jobs;

/// <summary>A runner takes any queued job with its labels; the job its VM was made for must not be forgotten.</summary>
public class RunnerHandOverTests
{
    [Fact]
    public async Task InProgress_OnAVmMadeForAnotherJob_ThatJobInheritsTheStartedJobsVm()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));

        await harness.ProcessAsync(harness.InProgress(2, "linux-x64-1"));

        Assert.Equal(1, (await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-2", CancellationToken.None))?.ForJobId);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "RunnerHandedOver");
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task InheritedVmNeverBoots_TheJobStillWaitingIsRequeued()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));
        harness.GitHub.SetVersion("linux-x64-1", "2.330.0");
        await harness.ProcessAsync(harness.InProgress(2, "linux-x64-1"));
        harness.GitHub.SetBusy("linux-x64-1", busy: true);
        harness.Clock.Advance(TimeSpan.FromMinutes(11));

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.False(harness.Vms.Exists("linux-x64-2"));
        Assert.True(harness.Vms.Exists("linux-x64-1"));
        var requeued = Assert.Single(harness.Queue.Messages);
        Assert.Equal((1L, JobAction.Queued), (requeued.JobId, requeued.Action));
        Assert.Equal(JobState.Queued, (await harness.Jobs.GetAsync("linux-x64", 1, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task InProgress_OnAVmMadeForAnotherJob_WithoutASpareVm_RequeuesThatJob()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        await harness.ProcessAsync(harness.InProgress(7, "linux-x64-1"));

        var requeued = Assert.Single(harness.Queue.Messages);
        Assert.Equal((1L, JobAction.Queued), (requeued.JobId, requeued.Action));
    }

    [Fact]
    public async Task InProgress_OnAWarmRunner_TheStartedJobsVmServesNobodyInParticular()
    {
        using var harness = new ProcessorHarness();
        await harness.Capacity.ClaimAsync("linux-x64", "linux-x64-wabc", 0, 10, CancellationToken.None);
        var warm = await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-wabc", CancellationToken.None);
        await harness.Capacity.TryUpdateRunnerAsync(warm! with { State = RunnerState.Created, RunnerId = 4242 }, CancellationToken.None);
        await harness.ProcessAsync(harness.Queued(1));

        await harness.ProcessAsync(harness.InProgress(1, "linux-x64-wabc") with { RunnerId = 4242 });

        Assert.Equal(0, (await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-1", CancellationToken.None))?.ForJobId);
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task InProgress_OnItsOwnVm_HandsNothingOver()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));

        await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1"));
        await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1"));

        Assert.Equal(2, (await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-2", CancellationToken.None))?.ForJobId);
        Assert.Empty(harness.Queue.Messages);
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Name == "RunnerHandedOver");
    }

    [Fact]
    public async Task InProgress_OnAVmMadeForAnotherJob_HandsOverOnlyTheVmMadeForTheStartedJob()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(3));
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));

        await harness.ProcessAsync(harness.InProgress(2, "linux-x64-1"));

        Assert.Equal(1, await ForJobAsync(harness, "linux-x64", "linux-x64-2"));
        Assert.Equal(3, await ForJobAsync(harness, "linux-x64", "linux-x64-3"));
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task InProgress_TheStartedJobsVmIsBusyWithAThirdJob_TheVmThatInheritedItsJobIsHandedOver()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));
        await harness.ProcessAsync(harness.Queued(3));
        await harness.ProcessAsync(harness.InProgress(3, "linux-x64-2"));

        await harness.ProcessAsync(harness.InProgress(2, "linux-x64-1"));

        Assert.Equal(2, await ForJobAsync(harness, "linux-x64", "linux-x64-2"));
        Assert.Equal(1, await ForJobAsync(harness, "linux-x64", "linux-x64-3"));
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task InProgress_AJobOfAnotherPoolOnAVmMadeForAnotherJob_RequeuesThatJobAndLeavesTheOtherPoolsVm()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2, "gpu") with { Repository = "contoso/ml" });

        await harness.ProcessAsync(harness.InProgress(2, "linux-x64-1", "gpu") with { Repository = "contoso/ml" });

        Assert.Equal(2, await ForJobAsync(harness, "gpu", "gpu-2"));
        var requeued = Assert.Single(harness.Queue.Messages);
        Assert.Equal((1L, JobAction.Queued, "linux-x64"), (requeued.JobId, requeued.Action, requeued.Pool));
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Name == "RunnerHandedOver");
    }

    [Fact]
    public async Task InProgress_AJobOfAnotherPoolOnAWarmRunner_TheJobsOwnVmServesNobodyInParticular()
    {
        using var harness = new ProcessorHarness();
        await harness.Capacity.ClaimAsync("linux-x64", "linux-x64-wabc", 0, 10, CancellationToken.None);
        var warm = await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-wabc", CancellationToken.None);
        await harness.Capacity.TryUpdateRunnerAsync(warm! with { State = RunnerState.Created, RunnerId = 4242 }, CancellationToken.None);
        await harness.ProcessAsync(harness.Queued(2, "gpu") with { Repository = "contoso/ml" });

        await harness.ProcessAsync(harness.InProgress(2, "linux-x64-wabc", "gpu") with { Repository = "contoso/ml", RunnerId = 4242 });

        Assert.Equal(0, await ForJobAsync(harness, "gpu", "gpu-2"));
        Assert.Empty(harness.Queue.Messages);
    }

    [Theory]
    [InlineData(2, 1L, false)]
    [InlineData(3, 2L, true)]
    public async Task InProgress_TheSparesRowChangesMeanwhile_TriesThreeTimesThenRequeuesTheJob(int conflicts, long spareStandsFor, bool requeued)
    {
        var capacity = new ContendedCapacity(new InMemoryCapacity());
        using var harness = new ProcessorHarness(capacity: capacity);
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));
        capacity.ConflictOn("linux-x64-2", conflicts);

        await harness.ProcessAsync(harness.InProgress(2, "linux-x64-1"));

        Assert.Equal(conflicts, capacity.UpdateConflicts);
        Assert.Equal(spareStandsFor, await ForJobAsync(harness, "linux-x64", "linux-x64-2"));
        Assert.Equal(requeued ? [1L] : [], harness.Queue.Messages.Select(m => m.JobId));
    }

    private static async Task<long?> ForJobAsync(ProcessorHarness harness, string pool, string vmName) =>
        (await harness.Capacity.GetRunnerAsync(pool, vmName, CancellationToken.None))?.ForJobId;
}
