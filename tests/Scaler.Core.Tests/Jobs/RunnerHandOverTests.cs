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
}
