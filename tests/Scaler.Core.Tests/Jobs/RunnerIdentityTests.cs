using Scaler.Core.Jobs;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Jobs;

/// <summary>
/// Anyone who may register a runner where the webhook's jobs run can name it after one of Scaler's VMs. An event acts
/// on a VM only when its runner id is the one Scaler registered for that VM.
/// </summary>
public class RunnerIdentityTests
{
    private const string Pool = "linux-x64";
    private const long ForeignRunnerId = 987_654;

    [Fact]
    public async Task InProgress_RunnerIdNotTheOneScalerRegistered_MarksNothingBusyAndKeepsItsId()
    {
        using var harness = new ProcessorHarness();
        await harness.ProvisionAsync(1);
        var before = await harness.Capacity.GetRunnerAsync(Pool, "linux-x64-1", CancellationToken.None);

        await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1") with { RunnerId = ForeignRunnerId });

        var runner = await harness.Capacity.GetRunnerAsync(Pool, "linux-x64-1", CancellationToken.None);
        Assert.Equal((RunnerState.Created, before?.RunnerId, (long?)null), (runner?.State, runner?.RunnerId, runner?.RunningJobId));
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "RunnerIdentityMismatch");
    }

    [Fact]
    public async Task InProgress_ForeignRunnerNamedLikeAnotherJobsVm_RequeuesNothing()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        await harness.ProcessAsync(harness.InProgress(7, "linux-x64-1") with { RunnerId = ForeignRunnerId });

        Assert.Empty(harness.Queue.Messages);
        Assert.Equal(JobState.Provisioned, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task Completed_RunnerIdNotTheOneScalerRegistered_KeepsTheVmAndItsCapacity()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        var result = await harness.ProcessAsync(harness.Completed(9, "linux-x64-1") with { RunnerId = ForeignRunnerId });

        Assert.Equal(JobOutcome.Recorded, result.Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-1"));
        Assert.Equal(1, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "RunnerIdentityMismatch");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    public async Task Completed_WithoutARunnerId_KeepsTheVmAndItsCapacity(long? runnerId)
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1") with { RunnerId = runnerId });

        Assert.True(harness.Vms.Exists("linux-x64-1"));
        Assert.Equal(1, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
        Assert.Equal(JobState.Completed, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task Completed_VmScalerHasNoRecordOf_IsNotDeleted()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        var completed = harness.Completed(1, "linux-x64-1");
        await harness.Capacity.ReleaseAsync(Pool, "linux-x64-1", CancellationToken.None);

        var result = await harness.ProcessAsync(completed);

        Assert.Equal(JobOutcome.Duplicate, result.Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-1"));
    }

    [Fact]
    public async Task Completed_MatchingRunnerAfterItsVmWasEvicted_ReleasesTheCapacity()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync(harness.Pools[0].ScaleSetId, "linux-x64-1", CancellationToken.None);

        var result = await harness.ProcessAsync(harness.Completed(1, "linux-x64-1") with { Conclusion = "failure" });

        Assert.Equal(JobOutcome.VmDeleted, result.Outcome);
        Assert.Equal(0, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task Queued_TheRunnerIdIsRecordedBeforeTheVmIsCreated()
    {
        using var harness = new ProcessorHarness();
        RunnerRecord? atCreate = null;
        harness.Vms.BeforeCreate = name => atCreate = harness.Capacity.GetRunnerAsync(Pool, name, CancellationToken.None).GetAwaiter().GetResult();

        await harness.ProcessAsync(harness.Queued(1));

        Assert.NotNull(atCreate?.RunnerId);
        Assert.Equal(harness.RunnerIdOf("linux-x64-1"), atCreate.RunnerId);
    }
}
