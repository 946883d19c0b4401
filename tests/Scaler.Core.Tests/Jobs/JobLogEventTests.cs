using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Scaler.Core.Failures;
using Scaler.Core.Jobs;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Jobs;

/// <summary>The log events the job handlers write, as an operator reads them: id, level and the text with its values.</summary>
public sealed class JobLogEventTests
{
    private const string Progress = "Scaler.Core.Jobs.JobProgressHandler";
    private const string Queued = "Scaler.Core.Jobs.QueuedJobHandler";
    private const string Watch = "Scaler.Core.Jobs.CreateWatchHandler";

    [Fact]
    public async Task InProgress_Always_LogsJobStartedWithRunnerAndWait()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1"));

        var started = Single(harness, Progress, "JobStarted", 1305, LogLevel.Information);
        Assert.Equal("Job 1 started on runner linux-x64-1 after waiting 00:00:42", started.Message);
    }

    [Fact]
    public async Task Completed_OnAnotherRunner_LogsJobCompletedElsewhere()
    {
        using var harness = new ProcessorHarness();

        await harness.ProcessAsync(harness.Completed(1, "someone-else"));

        var notOurs = Single(harness, Progress, "JobCompletedElsewhere", 1307, LogLevel.Information);
        Assert.Equal("Job 1 completed (success) on runner someone-else, which is not one of Scaler's VMs", notOurs.Message);
    }

    [Fact]
    public async Task Completed_OnOurVm_LogsRunnerVmDeletedWithPool()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));

        var deleted = Single(harness, Progress, "RunnerVmDeleted", 1306, LogLevel.Information);
        Assert.Equal("Job 1 completed (success) on linux-x64-1; deleted its VM and released capacity in pool linux-x64", deleted.Message);
    }

    [Fact]
    public async Task Completed_Evicted_LogsJobRerunAfterEviction()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:RerunOnEviction"] = "true");
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync(harness.Pools[0].ScaleSetId, "linux-x64-1", CancellationToken.None);

        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1") with { Conclusion = "failure" });

        var rerun = Single(harness, Progress, "JobRerunAfterEviction", 1311, LogLevel.Warning);
        Assert.Equal("Job 1 of contoso/api failed when its VM linux-x64-1 was evicted; asked GitHub to re-run it", rerun.Message);
    }

    [Fact]
    public async Task Completed_EvictedAndTheRerunRefused_LogsJobRerunRefusedWithKindAndException()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:RerunOnEviction"] = "true");
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync(harness.Pools[0].ScaleSetId, "linux-x64-1", CancellationToken.None);
        var refusal = new AdapterException(AdapterName.GitHub, FailureKind.Unauthorized, "This job cannot be re-run");
        harness.GitHub.FailNext(refusal);

        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1") with { Conclusion = "failure" });

        var refused = Single(harness, Progress, "JobRerunRefused", 1316, LogLevel.Warning);
        Assert.Equal("GitHub refused to re-run job 1 of contoso/api after its VM was evicted (Unauthorized); not asked again", refused.Message);
        Assert.Same(refusal, refused.Exception);
    }

    [Fact]
    public async Task Queued_Twice_LogsJobDuplicateWithTheJobsState()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        var again = await harness.ProcessAsync(harness.Queued(1));

        Assert.Equal((JobOutcome.Duplicate, "job is Provisioned"), (again.Outcome, again.Detail));
        var duplicate = Single(harness, Queued, "JobDuplicate", 1301, LogLevel.Debug);
        Assert.Equal("Job 1 Queued in pool linux-x64 changes nothing: the job is already Provisioned", duplicate.Message);
    }

    [Fact]
    public async Task Queued_GitHubTransientFailure_LogsProvisioningAttemptFailedAsATransientFailure()
    {
        using var harness = new ProcessorHarness();
        var failure = new AdapterException(AdapterName.GitHub, FailureKind.Transient, "502 Bad Gateway");
        harness.GitHub.FailNext(failure);

        await Assert.ThrowsAsync<AdapterException>(() => harness.ProcessAsync(harness.Queued(1)));

        var attempt = Single(harness, Queued, "ProvisioningAttemptFailed", 1304, LogLevel.Warning);
        Assert.Equal("Provisioning job 1 in pool linux-x64 failed and will be retried: transient failure", attempt.Message);
        Assert.Same(failure, attempt.Exception);
    }

    [Fact]
    public async Task Queued_RunnerGroupCannotBeRead_LogsRunnerGroupUnreadWithTheFailure()
    {
        using var harness = new ProcessorHarness();
        harness.GitHub.RunnerGroupFailure = new AdapterException(AdapterName.GitHub, FailureKind.Transient, "502 Bad Gateway");

        await harness.ProcessAsync(harness.Queued(1));

        var unread = Single(harness, Queued, "RunnerGroupUnread", 1315, LogLevel.Warning);
        Assert.Equal("Job 1 in pool linux-x64: runner group 1 could not be read (Transient: 502 Bad Gateway); provisioning as if it serves the repository", unread.Message);
    }

    [Fact]
    public async Task Watch_OfACreateAlreadyWatchedToItsEnd_LogsVmCreateNotWatched()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        var (watch, _) = Assert.Single(harness.Queue.Deferred);
        await harness.ProcessAsync(watch);

        var again = await harness.ProcessAsync(watch);

        Assert.Equal((JobOutcome.Duplicate, "VM linux-x64-1 has no create to watch"), (again.Outcome, again.Detail));
        var notWatched = Single(harness, Watch, "VmCreateNotWatched", 1318, LogLevel.Debug);
        Assert.Equal("VM linux-x64-1 in pool linux-x64 has no started create to watch (its capacity row is Created)", notWatched.Message);
    }

    [Fact]
    public async Task Watch_CreateFailedForGood_LogsProvisioningFailedWithTheReason()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.FailProvisioning("Standard_D2ads_v5", spot: false, FailureKind.Invalid);
        await harness.ProcessAsync(harness.Queued(1));

        var result = Assert.Single(await harness.WatchCreatesAsync());

        var failed = Single(harness, Watch, "ProvisioningFailed", 1303, LogLevel.Error);
        var exception = Assert.IsType<AdapterException>(failed.Exception);
        Assert.Equal($"Job 1 in pool linux-x64 cannot be served: {exception.Message}", failed.Message);
        Assert.Equal((JobOutcome.Failed, exception.Message), (result.Outcome, result.Detail));
        Assert.Equal(FailureKind.Invalid, exception.Kind);
    }

    [Fact]
    public async Task Watch_VmVanished_LogsTheAttemptFailedAndTheJobDeferredWithTheReason()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.CreatesTakeTime = true;
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync("", "linux-x64-1", CancellationToken.None);

        var result = Assert.Single(await harness.WatchCreatesAsync());

        Assert.Equal((JobOutcome.Deferred, "the VM vanished while it was created"), (result.Outcome, result.Detail));
        var attempt = Single(harness, Watch, "ProvisioningAttemptFailed", 1304, LogLevel.Warning);
        Assert.Equal("Provisioning job 1 in pool linux-x64 failed and will be retried: the VM vanished while it was created", attempt.Message);
        var exception = Assert.IsType<AdapterException>(attempt.Exception);
        Assert.Equal((AdapterName.Compute, FailureKind.NotFound), (exception.Adapter, exception.Kind));
        var deferred = Single(harness, Watch, "JobDeferred", 1302, LogLevel.Information);
        Assert.Equal("Job 1 in pool linux-x64 deferred for 00:00:00: the VM vanished while it was created", deferred.Message);
    }

    private static FakeLogRecord Single(ProcessorHarness harness, string category, string name, int id, LogLevel level)
    {
        var record = Assert.Single(harness.Logs.GetSnapshot(), r => r.Category == category && r.Id.Name == name);
        Assert.Equal((id, level), (record.Id.Id, record.Level));
        return record;
    }
}
