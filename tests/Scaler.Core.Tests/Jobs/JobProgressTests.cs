using Scaler.Core.Jobs;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Jobs;

public class JobProgressTests
{
    [Fact]
    public async Task Completed_RunnerOfOurs_DeletesVmAndReleasesCapacity()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        var result = await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));

        Assert.Equal(JobOutcome.VmDeleted, result.Outcome);
        Assert.False(harness.Vms.Exists("linux-x64-1"));
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        var job = await harness.Jobs.GetAsync("linux-x64", 1, CancellationToken.None);
        Assert.Equal(JobState.Completed, job?.State);
        Assert.Equal("success", job?.Conclusion);
    }

    [Fact]
    public async Task Events_Always_RecordWaitProvisionDurationAndActiveRunnerMetrics()
    {
        using var harness = new ProcessorHarness();
        using var active = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(harness.Meters, "Scaler", "scaler.runners.active");
        using var wait = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<double>(harness.Meters, "Scaler", "scaler.job.wait");
        using var provision = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<double>(harness.Meters, "Scaler", "scaler.vm.provision");

        await harness.ProvisionAsync(1);
        await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1"));
        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));

        Assert.Equal([1L, -1L], active.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal(42, Assert.Single(wait.GetMeasurementSnapshot()).Value);
        Assert.Single(provision.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Completed_FailedAfterItsVmWasEvicted_IsRerunOnceWhenThePoolAsks()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:RerunOnEviction"] = "true");
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync(harness.Pools[0].ScaleSetId, "linux-x64-1", CancellationToken.None);
        var failed = harness.Completed(1, "linux-x64-1") with { Conclusion = "failure" };

        await harness.ProcessAsync(failed);
        await harness.ProcessAsync(failed);

        Assert.Equal([("contoso/api", 1L)], harness.GitHub.Reruns);
        Assert.True((await harness.Jobs.GetAsync("linux-x64", 1, CancellationToken.None))?.Rerun);
    }

    [Theory]
    [InlineData("false", "failure", true)]
    [InlineData("true", "success", true)]
    [InlineData("true", "failure", false)]
    public async Task Completed_NotAnEvictionOrNotAsked_IsNotRerun(string rerunOnEviction, string conclusion, bool evicted)
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:RerunOnEviction"] = rerunOnEviction);
        await harness.ProcessAsync(harness.Queued(1));
        if (evicted)
        {
            await harness.Vms.DeleteAsync(harness.Pools[0].ScaleSetId, "linux-x64-1", CancellationToken.None);
        }

        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1") with { Conclusion = conclusion });

        Assert.Empty(harness.GitHub.Reruns);
    }

    [Fact]
    public async Task Completed_Twice_SecondChangesNothing()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));

        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));
        var second = await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));

        Assert.Equal(JobOutcome.Duplicate, second.Outcome);
        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.True(harness.Vms.Exists("linux-x64-2"));
    }

    [Fact]
    public async Task Completed_JobRanOnAnotherJobsVm_DeletesTheVmThatRanIt()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));

        await harness.ProcessAsync(harness.Completed(2, "linux-x64-1"));

        Assert.False(harness.Vms.Exists("linux-x64-1"));
        Assert.True(harness.Vms.Exists("linux-x64-2"));
    }

    [Fact]
    public async Task Completed_RunnerInAnotherPool_DeletesInThatPool()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(3, pool: "gpu"));

        var result = await harness.ProcessAsync(harness.Completed(4, "gpu-3"));

        Assert.Equal(JobOutcome.VmDeleted, result.Outcome);
        Assert.Equal(0, await harness.Capacity.CountAsync("gpu", CancellationToken.None));
    }

    [Theory]
    [InlineData("GitHub Actions 5")]
    [InlineData("linux-x64-runner")]
    [InlineData("linux-x64")]
    [InlineData("other-pool-12")]
    public async Task Completed_RunnerNotOurs_RecordsWithoutDeleting(string runnerName)
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        var result = await harness.ProcessAsync(harness.Completed(9, runnerName));

        Assert.Equal(JobOutcome.Recorded, result.Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-1"));
    }

    [Fact]
    public async Task InProgress_RecordsRunnerAndWait_MarksRunnerBusy()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        var result = await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1"));

        Assert.Equal(JobOutcome.Recorded, result.Outcome);
        var job = await harness.Jobs.GetAsync("linux-x64", 1, CancellationToken.None);
        Assert.Equal(JobState.InProgress, job?.State);
        Assert.Equal("linux-x64-1", job?.RunnerName);
        var runner = await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-1", CancellationToken.None);
        Assert.Equal(RunnerState.Busy, runner?.State);
        Assert.Equal(1, runner?.RunningJobId);
    }

    [Fact]
    public async Task InProgress_AfterCompleted_DoesNotMoveTheJobBack()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));

        await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1"));

        Assert.Equal(JobState.Completed, (await harness.Jobs.GetAsync("linux-x64", 1, CancellationToken.None))?.State);
        Assert.Null(await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-1", CancellationToken.None));
    }

    [Fact]
    public async Task Events_ForJobAndVmNeverSeen_AreRecordedWithoutDeleting()
    {
        using var harness = new ProcessorHarness();

        var progress = await harness.ProcessAsync(harness.InProgress(77, "linux-x64-76"));
        var completed = await harness.ProcessAsync(harness.Completed(77, "linux-x64-76"));

        Assert.Equal(JobOutcome.Recorded, progress.Outcome);
        Assert.Equal(JobOutcome.Duplicate, completed.Outcome);
        Assert.Equal(JobState.Completed, (await harness.Jobs.GetAsync("linux-x64", 77, CancellationToken.None))?.State);
    }
}
