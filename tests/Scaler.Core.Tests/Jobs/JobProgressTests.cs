using Scaler.Core.Failures;
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
    public async Task Completed_CreateRetriedUnderTheRowBetweenTheDeleteAndTheRelease_KeepsTheRowOfTheNewVm()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        var request = Assert.Single(harness.Vms.Requests);
        harness.Vms.AfterDelete = _ =>
        {
            // The create watcher, reading the VM as Failed just before the delete, records its next attempt and sends it.
            harness.Vms.AfterDelete = null;
            var row = harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-1", CancellationToken.None).GetAwaiter().GetResult()!;
            Assert.True(harness.Capacity.TryUpdateRunnerAsync(row with { CreateSpot = true, CreateStartedAt = harness.Clock.GetUtcNow().AddSeconds(1) }, CancellationToken.None).GetAwaiter().GetResult());
            harness.Vms.StartCreateAsync(request, new(0, Spot: true), CancellationToken.None).GetAwaiter().GetResult();
        };

        var result = await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));

        Assert.Equal(JobOutcome.VmDeleted, result.Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-1"));
        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
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

    [Fact]
    public async Task Completed_EvictedAndTheRerunRequestFailsOnce_TheRetriedMessageStillRerunsIt()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:RerunOnEviction"] = "true");
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync(harness.Pools[0].ScaleSetId, "linux-x64-1", CancellationToken.None);
        var failed = harness.Completed(1, "linux-x64-1") with { Conclusion = "failure" };
        harness.GitHub.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Transient, "502 Bad Gateway"));

        await Assert.ThrowsAsync<AdapterException>(() => harness.ProcessAsync(failed));
        await harness.ProcessAsync(failed);

        Assert.Equal([("contoso/api", 1L)], harness.GitHub.Reruns);
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task Completed_EvictedAndGitHubRefusesTheRerun_IsNotAskedAgainAndCapacityIsReleased()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:RerunOnEviction"] = "true");
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync(harness.Pools[0].ScaleSetId, "linux-x64-1", CancellationToken.None);
        var failed = harness.Completed(1, "linux-x64-1") with { Conclusion = "failure" };
        harness.GitHub.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Unauthorized, "This job cannot be re-run"));

        await harness.ProcessAsync(failed);
        await harness.ProcessAsync(failed);

        Assert.Empty(harness.GitHub.Reruns);
        Assert.True((await harness.Jobs.GetAsync("linux-x64", 1, CancellationToken.None))?.Rerun);
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
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

    [Fact]
    public async Task InProgress_JobNeverQueued_RecordCarriesWhatTheEventKnows()
    {
        using var harness = new ProcessorHarness();
        var message = harness.InProgress(78, "linux-x64-78") with { Visibility = Scaler.Core.Pools.RepositoryVisibility.Internal };

        var result = await harness.ProcessAsync(message);

        Assert.Equal((JobOutcome.Recorded, "runner linux-x64-78"), (result.Outcome, result.Detail));
        var job = await harness.Jobs.GetAsync("linux-x64", 78, CancellationToken.None);
        Assert.Equal((JobState.InProgress, "contoso/api", (Scaler.Core.Pools.RepositoryVisibility?)Scaler.Core.Pools.RepositoryVisibility.Internal, "linux-x64-78"), (job?.State, job?.Repository, job?.Visibility, job?.RunnerName));
        Assert.Equal((message.CreatedAt, message.StartedAt), (job?.CreatedAt, job?.StartedAt));
        Assert.Equal(((DateTimeOffset?)null, (string?)null, (DateTimeOffset?)null), (job?.CompletedAt, job?.Conclusion, job?.LeaseUntil));
    }

    [Fact]
    public async Task Completed_AfterInProgress_KeepsTheFirstTimesAndRunnerAndAddsTheOutcome()
    {
        using var harness = new ProcessorHarness();
        var started = harness.InProgress(79, "linux-x64-79");
        await harness.ProcessAsync(started);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var completed = harness.Completed(79, runnerName: null) with { Conclusion = "cancelled" };

        await harness.ProcessAsync(completed);

        var job = await harness.Jobs.GetAsync("linux-x64", 79, CancellationToken.None);
        Assert.Equal((JobState.Completed, "linux-x64-79", "cancelled"), (job?.State, job?.RunnerName, job?.Conclusion));
        Assert.Equal((started.CreatedAt, started.StartedAt, completed.CompletedAt), (job?.CreatedAt, job?.StartedAt, job?.CompletedAt));
    }

    [Fact]
    public async Task InProgress_AfterCompleted_KeepsTheCompletionAndIsADuplicate()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Completed(80, "linux-x64-80"));

        var result = await harness.ProcessAsync(harness.InProgress(80, "linux-x64-80"));

        Assert.Equal(JobOutcome.Duplicate, result.Outcome);
        var job = await harness.Jobs.GetAsync("linux-x64", 80, CancellationToken.None);
        Assert.Equal((JobState.Completed, "success"), (job?.State, job?.Conclusion));
        Assert.NotNull(job?.CompletedAt);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "JobDuplicate");
    }

    [Fact]
    public async Task InProgress_WhileAnotherProcessorProvisions_KeepsItsLease()
    {
        using var harness = new ProcessorHarness();
        var lease = harness.Clock.GetUtcNow().AddMinutes(4);
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 81, State = JobState.Provisioning, LeaseUntil = lease }, CancellationToken.None);

        await harness.ProcessAsync(harness.InProgress(81, "linux-x64-5"));

        var job = await harness.Jobs.GetAsync("linux-x64", 81, CancellationToken.None);
        Assert.Equal((JobState.InProgress, (DateTimeOffset?)lease), (job?.State, job?.LeaseUntil));
    }

    [Fact]
    public async Task InProgress_OfAJobProvisionedWithAStaleLease_ClearsIt()
    {
        using var harness = new ProcessorHarness();
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 82, State = JobState.Provisioned, LeaseUntil = harness.Clock.GetUtcNow() }, CancellationToken.None);

        await harness.ProcessAsync(harness.InProgress(82, "linux-x64-5"));

        Assert.Null((await harness.Jobs.GetAsync("linux-x64", 82, CancellationToken.None))?.LeaseUntil);
    }

    [Fact]
    public async Task InProgress_OfAJobMarkedFailed_MovesItOn()
    {
        // A job Scaler gave up on can still be taken by another runner with its labels: GitHub's word wins.
        using var harness = new ProcessorHarness();
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 83, State = JobState.Failed, Failure = "image not found" }, CancellationToken.None);

        var result = await harness.ProcessAsync(harness.InProgress(83, "linux-x64-5"));

        Assert.Equal(JobOutcome.Recorded, result.Outcome);
        Assert.Equal(JobState.InProgress, (await harness.Jobs.GetAsync("linux-x64", 83, CancellationToken.None))?.State);
    }

    [Theory]
    [InlineData(null, "completed before a runner took it")]
    [InlineData("GitHub Actions 5", "runner is not Scaler's")]
    public async Task Completed_NoRunnerOfOurs_SaysWhy(string? runnerName, string detail)
    {
        using var harness = new ProcessorHarness();

        var result = await harness.ProcessAsync(harness.Completed(84, runnerName));

        Assert.Equal((JobOutcome.Recorded, detail), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Completed_RunnerIdNotTheOneRegisteredForTheVm_LeavesTheVmAndSaysSo()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(85));

        var result = await harness.ProcessAsync(harness.Completed(85, "linux-x64-85") with { RunnerId = 999_999 });

        Assert.Equal((JobOutcome.Recorded, "runner linux-x64-85 is not the runner Scaler registered for that VM"), (result.Outcome, result.Detail));
        Assert.True(harness.Vms.Exists("linux-x64-85"));
    }

    [Fact]
    public async Task Completed_Twice_SecondSaysTheVmIsAlreadyDeleted()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(86));
        var completed = harness.Completed(86, "linux-x64-86");
        var first = await harness.ProcessAsync(completed);

        var second = await harness.ProcessAsync(completed);

        Assert.Equal((JobOutcome.VmDeleted, "VM linux-x64-86"), (first.Outcome, first.Detail));
        Assert.Equal((JobOutcome.Duplicate, "VM linux-x64-86 already deleted"), (second.Outcome, second.Detail));
    }

    [Fact]
    public async Task Completed_TheRowReleasedMeanwhile_StillDeletesTheVm()
    {
        var capacity = new ContendedCapacity(new InMemoryCapacity());
        using var harness = new ProcessorHarness(capacity: capacity);
        await harness.ProcessAsync(harness.Queued(1));
        capacity.ReleasedMeanwhile = true;

        var result = await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));

        Assert.Equal((JobOutcome.VmDeleted, "VM linux-x64-1"), (result.Outcome, result.Detail));
        Assert.False(harness.Vms.Exists("linux-x64-1"));
    }

    [Fact]
    public async Task Completed_VmGoneAndTheRowReleasedMeanwhile_IsADuplicate()
    {
        var capacity = new ContendedCapacity(new InMemoryCapacity());
        using var harness = new ProcessorHarness(capacity: capacity);
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync(harness.Pools[0].ScaleSetId, "linux-x64-1", CancellationToken.None);
        capacity.ReleasedMeanwhile = true;

        var result = await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));

        Assert.Equal((JobOutcome.Duplicate, "VM linux-x64-1 already deleted"), (result.Outcome, result.Detail));
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Name == "RunnerVmDeleted");
    }

    [Fact]
    public async Task Completed_EvictedAndTheReleaseFailsOnce_TheRetriedMessageDoesNotAskForASecondRerun()
    {
        var capacity = new ContendedCapacity(new InMemoryCapacity());
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:RerunOnEviction"] = "true", capacity: capacity);
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync(harness.Pools[0].ScaleSetId, "linux-x64-1", CancellationToken.None);
        var failed = harness.Completed(1, "linux-x64-1") with { Conclusion = "failure" };
        capacity.ReleaseFailure = new AdapterException(AdapterName.Table, FailureKind.Transient, "503 Server Busy");

        await Assert.ThrowsAsync<AdapterException>(() => harness.ProcessAsync(failed));
        await harness.ProcessAsync(failed);

        Assert.Equal([("contoso/api", 1L)], harness.GitHub.Reruns);
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task Completed_NamingAnotherRunnerThanInProgress_RecordsTheCompletedEventsRunner()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.InProgress(1, "elsewhere-a"));

        await harness.ProcessAsync(harness.Completed(1, "elsewhere-b"));

        Assert.Equal("elsewhere-b", (await harness.Jobs.GetAsync("linux-x64", 1, CancellationToken.None))?.RunnerName);
    }
}
