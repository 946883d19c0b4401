using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Convergence;

/// <summary>A provisioned job whose VM went elsewhere or died is found at reconcile and served, whatever webhooks were lost.</summary>
public class StalledJobsTests
{
    private const string Pool = "linux-x64";

    [Fact]
    public async Task EveryWaitingJobHasAnIdleVm_GitHubIsNotAsked()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Equal(0, harness.GitHub.JobReads);
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task VmJustTakenAtGitHub_FirstRun_GitHubIsNotAskedAndNothingIsRequeued()
    {
        using var harness = new ProcessorHarness();
        for (var id = 1; id <= 5; id++)
        {
            await harness.ProcessAsync(harness.Queued(id));
            harness.GitHub.Jobs[id] = Job(id, "queued");
        }

        // The runner took a job a moment ago; its in_progress event has not been handled yet.
        harness.GitHub.SetBusy("linux-x64-1", busy: true);

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Equal(0, harness.GitHub.JobReads);
        Assert.Empty(harness.Queue.Messages);
        Assert.Equal(JobState.Provisioned, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task VmTakenAtGitHubAndTheEventArrives_NextRun_GitHubIsNotAsked()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.Jobs[1] = Job(1, "queued");
        harness.GitHub.SetBusy("linux-x64-1", busy: true);
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1"));
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.Equal(0, harness.GitHub.JobReads);
        Assert.Equal(JobState.InProgress, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task LostInProgress_TheVmTookAnotherWaitingJob_ThatJobsVmIsHandedOverAndNothingIsRequeued()
    {
        using var harness = await TwoJobsWhoseFirstVmIsBusyAsync(h => Job(2, "in_progress", "linux-x64-1", h.RunnerIdOf("linux-x64-1")));

        Assert.Equal(JobState.InProgress, (await harness.Jobs.GetAsync(Pool, 2, CancellationToken.None))?.State);
        Assert.Equal(JobState.Provisioned, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);
        Assert.Equal(1, (await harness.Capacity.GetRunnerAsync(Pool, "linux-x64-2", CancellationToken.None))?.ForJobId);
        Assert.Empty(harness.Queue.Messages);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "JobProgressRecovered");
    }

    [Fact]
    public async Task TheJobThatTookTheOrphansVmIsFound_GitHubIsReadNoFurther()
    {
        using var harness = new ProcessorHarness();
        for (var id = 1; id <= 5; id++)
        {
            await harness.ProcessAsync(harness.Queued(id));
            harness.GitHub.Jobs[id] = Job(id, "queued");
        }

        harness.GitHub.SetBusy("linux-x64-1", busy: true);
        harness.GitHub.Jobs[2] = Job(2, "in_progress", "linux-x64-1", harness.RunnerIdOf("linux-x64-1"));

        await TwoRunsAsync(harness);

        Assert.Equal(2, harness.GitHub.JobReads);
        Assert.Equal(1, (await harness.Capacity.GetRunnerAsync(Pool, "linux-x64-2", CancellationToken.None))?.ForJobId);
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task TheVmTookAJobScalerNeverSaw_TheWaitingJobIsRequeuedForANewVm()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.SetBusy("linux-x64-1", busy: true);
        harness.GitHub.Jobs[1] = Job(1, "queued");

        await TwoRunsAsync(harness);

        var requeued = Assert.Single(harness.Queue.Messages);
        Assert.Equal((1L, JobAction.Queued), (requeued.JobId, requeued.Action));
        Assert.Equal(JobState.Queued, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);
        Assert.True(harness.Vms.Exists("linux-x64-1"));
    }

    [Fact]
    public async Task LostInProgressAndCompleted_TheJobIsRecordedCompletedAndItsVmDeleted()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.SetBusy("linux-x64-1", busy: true);
        harness.GitHub.Jobs[1] = Job(1, "completed", "linux-x64-1", harness.RunnerIdOf("linux-x64-1"));

        await TwoRunsAsync(harness);

        var job = await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None);
        Assert.Equal((JobState.Completed, "success", "linux-x64-1"), (job?.State, job?.Conclusion, job?.RunnerName));
        Assert.False(harness.Vms.Exists("linux-x64-1"));
        Assert.Null(await harness.Capacity.GetRunnerAsync(Pool, "linux-x64-1", CancellationToken.None));
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task AnIdleVmStandsForAJobThatRanElsewhere_TheOrphanGetsItInsteadOfANewVm()
    {
        using var harness = await TwoJobsWhoseFirstVmIsBusyAsync(_ => Job(2, "completed", "someone-elses-runner"));

        Assert.Equal(JobState.Completed, (await harness.Jobs.GetAsync(Pool, 2, CancellationToken.None))?.State);
        Assert.Equal(1, (await harness.Capacity.GetRunnerAsync(Pool, "linux-x64-2", CancellationToken.None))?.ForJobId);
        Assert.Empty(harness.Queue.Messages);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "SpareRunnerAssigned");
    }

    [Fact]
    public async Task GitHubDoesNotShowTheJob_ItIsServedAsIfQueued_UntilItsVmsRunOut()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.GitHub.SetBusy("linux-x64-1", busy: true);

        // Each round: the orphan is requeued, gets a new VM, and that VM is taken by a job Scaler never sees.
        for (var round = 1; round <= JobRequeue.MaxRequeues; round++)
        {
            await TwoRunsAsync(harness);
            Assert.True(harness.Queue.Messages.TryDequeue(out var requeued), $"round {round}: the job was not requeued");
            Assert.Empty(harness.Queue.Messages);
            await harness.ProcessAsync(requeued);
            harness.GitHub.SetBusy($"linux-x64-1-r{round}", busy: true);
        }

        await TwoRunsAsync(harness);

        var job = await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None);
        Assert.Equal(JobState.Failed, job?.State);
        Assert.Contains("4 VMs made for it were lost", job?.Failure, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Messages);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "JobUnreadableAtGitHub");
        Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "JobRequeueGaveUp");
    }

    /// <summary>Jobs 1 and 2 have VMs; the VM made for job 1 is busy at GitHub, job 1 is still queued there, job 2 is <paramref name="second"/>; one reconcile run.</summary>
    private static async Task<ProcessorHarness> TwoJobsWhoseFirstVmIsBusyAsync(Func<ProcessorHarness, GitHubJob> second)
    {
        var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));
        harness.GitHub.SetBusy("linux-x64-1", busy: true);
        harness.GitHub.Jobs[1] = Job(1, "queued");
        harness.GitHub.Jobs[2] = second(harness);
        await TwoRunsAsync(harness);
        return harness;
    }

    /// <summary>A VM taken at GitHub and not yet at Scaler is an orphan only when the next run finds it so again.</summary>
    private static async Task TwoRunsAsync(ProcessorHarness harness)
    {
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
    }

    private static GitHubJob Job(long id, string status, string? runner = null, long? runnerId = null)
    {
        var at = new DateTimeOffset(2026, 11, 27, 21, 12, 13, TimeSpan.Zero);
        return new(id, id + 7, status, status == "completed" ? "success" : null, runner is null ? null : runnerId ?? 77, runner, at, runner is null ? null : at.AddSeconds(30), status == "completed" ? at.AddMinutes(2) : null);
    }
}
