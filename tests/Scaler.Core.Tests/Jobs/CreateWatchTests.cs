using Scaler.Core.Failures;
using Scaler.Core.Jobs;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Jobs;

/// <summary>
/// The processor starts a queued job's VM create and lets go of its message; the <c>create_started</c> watch message
/// sees the create through: created, retried at Regular priority or the next size, failed for good, still creating,
/// vanished, and handled more than once.
/// </summary>
public sealed class CreateWatchTests
{
    private const string Pool = "linux-x64";
    private const string Vm = "linux-x64-1";
    private const string Small = "Standard_D2ads_v5";
    private const string Large = "Standard_D4ads_v5";

    [Fact]
    public async Task Queued_CreateStarted_CompletesMessageAndDefersOneWatchByCreateWatchDelay()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.CreatesTakeTime = true;

        var result = await harness.ProcessAsync(harness.Queued(1));

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        var (watch, delay) = Assert.Single(harness.Queue.Deferred);
        Assert.Equal((JobAction.CreateStarted, Vm, 1L), (watch.Action, watch.RunnerName, watch.JobId));
        Assert.Equal(TimeSpan.FromSeconds(40), delay);
        var record = await RecordAsync(harness);
        Assert.Equal((RunnerState.Provisioning, 0, false), (record?.State, record?.CreateSizeIndex, record?.CreateSpot));
        Assert.Equal(harness.Clock.GetUtcNow(), record?.CreateStartedAt);
        Assert.Equal(JobState.Provisioned, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task Watch_CreateSucceeded_MarksRowCreatedAndWatchesNoMore()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        var result = Assert.Single(await harness.WatchCreatesAsync());

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.Equal(RunnerState.Created, (await RecordAsync(harness))?.State);
        Assert.Empty(harness.Queue.Deferred);
        Assert.Equal(JobState.Provisioned, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task Watch_StillCreating_WatchesAgainAfterAQuarterOfItsAgeAtLeastFiveSeconds()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.CreatesTakeTime = true;
        await harness.ProcessAsync(harness.Queued(1));
        harness.Clock.Advance(TimeSpan.FromSeconds(40));

        var first = Assert.Single(await harness.WatchCreatesAsync());
        var (_, firstDelay) = Assert.Single(harness.Queue.Deferred);
        harness.Clock.Advance(TimeSpan.FromSeconds(80));
        await harness.WatchCreatesAsync();
        var (_, secondDelay) = Assert.Single(harness.Queue.Deferred);

        Assert.Equal(JobOutcome.Deferred, first.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(10), firstDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), secondDelay);
        Assert.Equal(RunnerState.Provisioning, (await RecordAsync(harness))?.State);

        harness.Vms.FinishCreates();
        await harness.WatchCreatesAsync();
        Assert.Equal(RunnerState.Created, (await RecordAsync(harness))?.State);
    }

    [Fact]
    public async Task Watch_RetriedAttemptStillCreating_TimesTheNextReadFromTheRetryNotTheClaim()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:Spot"] = "true");
        harness.Vms.CreatesTakeTime = true;
        harness.Vms.FailProvisioning(Small, spot: true, FailureKind.CapacityUnavailable);
        await harness.ProcessAsync(harness.Queued(1));
        harness.Clock.Advance(TimeSpan.FromSeconds(40));
        harness.Vms.FinishCreates();
        await harness.WatchCreatesAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(40));

        var watched = Assert.Single(await harness.WatchCreatesAsync());

        // The regular attempt started 40 s ago (the claim was 80 s ago): a quarter of 40 s, 10 s.
        Assert.Equal(JobOutcome.Deferred, watched.Outcome);
        var (_, delay) = Assert.Single(harness.Queue.Deferred);
        Assert.Equal(TimeSpan.FromSeconds(10), delay);
    }

    [Fact]
    public async Task Watch_CreateFailedForGoodWhileItsJobWaitsOnAnotherVm_LeavesTheJobAlone()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.CreatesTakeTime = true;
        harness.Vms.FailProvisioning(Small, spot: false, FailureKind.Invalid);
        await harness.ProcessAsync(harness.Queued(1));
        var job = await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None);
        await harness.Jobs.TryUpdateAsync(job! with { VmName = "linux-x64-1-r1" }, CancellationToken.None);
        harness.Vms.FinishCreates();

        var watched = Assert.Single(await harness.WatchCreatesAsync());

        Assert.Equal(JobOutcome.Dropped, watched.Outcome);
        var after = await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None);
        Assert.Equal((JobState.Provisioned, "linux-x64-1-r1"), (after?.State, after?.VmName));
    }

    [Fact]
    public async Task Watch_SpotCapacityFailed_StartsRegularOfSameSizeWithRunnerRegisteredAfresh()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:Spot"] = "true");
        harness.Vms.FailProvisioning(Small, spot: true, FailureKind.CapacityUnavailable);
        await harness.ProcessAsync(harness.Queued(1));
        var firstRunner = (await RecordAsync(harness))?.RunnerId;

        var retried = Assert.Single(await harness.WatchCreatesAsync());
        var created = Assert.Single(await harness.WatchCreatesAsync());

        Assert.Equal((JobOutcome.Deferred, JobOutcome.Provisioned), (retried.Outcome, created.Outcome));
        Assert.Equal([(Vm, Small, true), (Vm, Small, false)], harness.Vms.Started);
        var record = await RecordAsync(harness);
        Assert.Equal((RunnerState.Created, 0, false), (record?.State, record?.CreateSizeIndex, record?.CreateSpot));
        var runner = Assert.Single(harness.GitHub.All);
        Assert.NotEqual(firstRunner, runner.Id);
        Assert.Equal(runner.Id, record?.RunnerId);
        Assert.Equal(1, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task Watch_SizeWithoutCapacity_StartsNextSize()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:VmSizes:1"] = Large);
        harness.Vms.FailProvisioning(Small, spot: false, FailureKind.CapacityUnavailable);
        await harness.ProcessAsync(harness.Queued(1));

        await harness.WatchCreatesAsync();
        await harness.WatchCreatesAsync();

        Assert.Equal([(Vm, Small, false), (Vm, Large, false)], harness.Vms.Started);
        var record = await RecordAsync(harness);
        Assert.Equal((RunnerState.Created, 1), (record?.State, record?.CreateSizeIndex));
    }

    [Fact]
    public async Task Queued_QuotaRefusedAtOnce_StartsNextSizeBeforeLettingGo()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:VmSizes:1"] = Large);
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.QuotaExceeded, "quota"));

        var result = await harness.ProcessAsync(harness.Queued(1));

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.Equal([(Vm, Large, false)], harness.Vms.Started);
        Assert.Equal(1, (await RecordAsync(harness))?.CreateSizeIndex);
    }

    [Fact]
    public async Task Watch_EveryAttemptFailed_ReleasesCapacityDeletesRegistrationAndDefersJobByCapacityRetryDelay()
    {
        using var harness = new ProcessorHarness(v =>
        {
            v["Scaler:Pools:0:Spot"] = "true";
            v["Scaler:Pools:0:VmSizes:1"] = Large;
        });
        foreach (var size in new[] { Small, Large })
        {
            harness.Vms.FailProvisioning(size, spot: true, FailureKind.CapacityUnavailable);
            harness.Vms.FailProvisioning(size, spot: false, FailureKind.CapacityUnavailable);
        }

        await harness.ProcessAsync(harness.Queued(1));
        var results = new List<JobResult>();
        for (var i = 0; i < 4; i++)
        {
            results.AddRange(await harness.WatchCreatesAsync());
        }

        Assert.Equal([(Vm, Small, true), (Vm, Small, false), (Vm, Large, true), (Vm, Large, false)], harness.Vms.Started);
        Assert.Equal(JobOutcome.Deferred, results[^1].Outcome);
        Assert.Null(await RecordAsync(harness));
        Assert.Equal(0, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
        Assert.Empty(harness.GitHub.All);
        Assert.False(harness.Vms.Exists(Vm));
        var (requeued, delay) = Assert.Single(harness.Queue.Deferred);
        Assert.Equal((JobAction.Queued, 1L), (requeued.Action, requeued.JobId));
        Assert.Equal(TimeSpan.FromMinutes(1), delay);
        Assert.Equal(JobState.Queued, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);

        var again = await harness.ProcessAsync(requeued);
        Assert.Equal(JobOutcome.Provisioned, again.Outcome);
    }

    [Fact]
    public async Task Watch_EveryAttemptFailed_ActiveRunnersCountsTheVmWhileItWasAskedForOnly()
    {
        using var harness = new ProcessorHarness();
        using var active = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(harness.Meters, "Scaler", "scaler.runners.active");
        harness.Vms.FailProvisioning(Small, spot: false, FailureKind.CapacityUnavailable);

        await harness.ProcessAsync(harness.Queued(1));
        await harness.WatchCreatesAsync();

        Assert.Equal([1L, -1L], active.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task Watch_FailedForAnotherReason_FailsJobWithoutFallback()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:VmSizes:1"] = Large);
        harness.Vms.FailProvisioning(Small, spot: false, FailureKind.Invalid);
        await harness.ProcessAsync(harness.Queued(1));

        var result = Assert.Single(await harness.WatchCreatesAsync());

        Assert.Equal(JobOutcome.Failed, result.Outcome);
        Assert.Equal([(Vm, Small, false)], harness.Vms.Started);
        Assert.Equal(JobState.Failed, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);
        Assert.Equal(0, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
        Assert.Empty(harness.GitHub.All);
    }

    [Fact]
    public async Task Watch_VmVanished_ReleasesAndQueuesJobAgainAtOnce()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.CreatesTakeTime = true;
        await harness.ProcessAsync(harness.Queued(1));
        await harness.Vms.DeleteAsync("", Vm, CancellationToken.None);

        var result = Assert.Single(await harness.WatchCreatesAsync());

        Assert.Equal(JobOutcome.Deferred, result.Outcome);
        Assert.Null(await RecordAsync(harness));
        Assert.Empty(harness.GitHub.All);
        var (requeued, delay) = Assert.Single(harness.Queue.Deferred);
        Assert.Equal((JobAction.Queued, TimeSpan.Zero), (requeued.Action, delay));
        Assert.Equal(JobState.Queued, (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task Watch_Succeeded_RedeliveredTwice_ChangesNothingMore()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        var (watch, _) = Assert.Single(harness.Queue.Deferred);

        var results = new[] { await harness.ProcessAsync(watch), await harness.ProcessAsync(watch), await harness.ProcessAsync(watch) };

        Assert.Equal([JobOutcome.Provisioned, JobOutcome.Duplicate, JobOutcome.Duplicate], results.Select(r => r.Outcome));
        Assert.Equal(RunnerState.Created, (await RecordAsync(harness))?.State);
        Assert.Equal(1, harness.Vms.Created);
        Assert.Equal(1, harness.GitHub.JitCalls);
    }

    [Fact]
    public async Task Watch_Failed_RedeliveredTwice_StartsTheNextAttemptOnce()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:Spot"] = "true");
        harness.Vms.FailProvisioning(Small, spot: true, FailureKind.CapacityUnavailable);
        harness.Vms.CreatesTakeTime = true;
        await harness.ProcessAsync(harness.Queued(1));
        harness.Vms.FinishCreates();
        var (watch, _) = Assert.Single(harness.Queue.Deferred);

        await harness.ProcessAsync(watch);
        await harness.ProcessAsync(watch);
        await harness.ProcessAsync(watch);

        Assert.Equal([(Vm, Small, true), (Vm, Small, false)], harness.Vms.Started);
        Assert.Single(harness.GitHub.All);
        Assert.Equal(RunnerState.Provisioning, (await RecordAsync(harness))?.State);
        Assert.Equal(1, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task Watch_ThrottledRead_WatchesAgainAfterRetryAfter()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.Throttled, "slow down", TimeSpan.FromSeconds(17)));

        var result = Assert.Single(await harness.WatchCreatesAsync());

        Assert.Equal(JobOutcome.Deferred, result.Outcome);
        var (watch, delay) = Assert.Single(harness.Queue.Deferred);
        Assert.Equal((JobAction.CreateStarted, TimeSpan.FromSeconds(17)), (watch.Action, delay));
        Assert.Equal(RunnerState.Provisioning, (await RecordAsync(harness))?.State);
    }

    private static Task<RunnerRecord?> RecordAsync(ProcessorHarness harness) => harness.Capacity.GetRunnerAsync(Pool, Vm, CancellationToken.None);
}
