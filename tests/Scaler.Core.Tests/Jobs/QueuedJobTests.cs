using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Jobs;

public class QueuedJobTests
{
    [Fact]
    public async Task Queued_NewJob_CreatesOneTaggedVmWithJitRunnerNamedAfterIt()
    {
        using var harness = new ProcessorHarness();

        var result = await harness.ProcessAsync(harness.Queued(12877621891));
        var watched = await harness.WatchCreatesAsync();

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.Equal(JobOutcome.Provisioned, Assert.Single(watched).Outcome);
        var request = Assert.Single(harness.Vms.Requests);
        Assert.Equal("linux-x64-12877621891", request.Name);
        Assert.Equal("linux-x64", request.Tags[RunnerTags.Pool]);
        Assert.Equal("12877621891", request.Tags[RunnerTags.JobId]);
        Assert.Equal("2.330.0", request.Tags[RunnerTags.RunnerVersion]);
        Assert.Contains("linux-x64-12877621891", request.CustomData, StringComparison.Ordinal);
        var runner = Assert.Single(harness.GitHub.All);
        Assert.Equal("linux-x64-12877621891", runner.Name);
        Assert.Equal(["self-hosted", "linux", "x64"], harness.GitHub.LastLabels);
        var record = await harness.Capacity.GetRunnerAsync("linux-x64", request.Name, CancellationToken.None);
        Assert.Equal(RunnerState.Created, record?.State);
        Assert.Equal(runner.Id, record?.RunnerId);
        Assert.Equal(JobState.Provisioned, (await harness.Jobs.GetAsync("linux-x64", 12877621891, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task Queued_Twice_CreatesOneVm()
    {
        using var harness = new ProcessorHarness();
        var message = harness.Queued(1);

        await harness.ProcessAsync(message);
        var second = await harness.ProcessAsync(message);

        Assert.Equal(JobOutcome.Duplicate, second.Outcome);
        Assert.Equal(1, harness.Vms.Created);
        Assert.Equal(1, harness.GitHub.JitCalls);
    }

    [Fact]
    public async Task Queued_PoolFull_DefersWithoutDroppingAndServesWhenCapacityFrees()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:MaxRunners"] = "1");
        await harness.ProvisionAsync(1);

        var full = await harness.ProcessAsync(harness.Queued(2));

        Assert.Equal(JobOutcome.Deferred, full.Outcome);
        var (deferred, delay) = Assert.Single(harness.Queue.Deferred);
        Assert.Equal(2, deferred.JobId);
        Assert.Equal(TimeSpan.FromSeconds(15), delay);
        Assert.False(harness.Vms.Exists("linux-x64-2"));

        await harness.ProcessAsync(harness.Completed(1, "linux-x64-1"));
        var retried = await harness.ProcessAsync(deferred);

        Assert.Equal(JobOutcome.Provisioned, retried.Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-2"));
    }

    [Fact]
    public async Task Queued_AfterCompleted_CreatesNothing()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Completed(5, runnerName: null));

        var result = await harness.ProcessAsync(harness.Queued(5));

        Assert.Equal(JobOutcome.Duplicate, result.Outcome);
        Assert.Equal(0, harness.Vms.Created);
    }

    [Fact]
    public async Task Queued_VmCreateFailsPermanently_MarksJobFailedLeavesNoRegistrationAndReleasesCapacity()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.Invalid, "image not found"));

        var result = await harness.ProcessAsync(harness.Queued(7));

        Assert.Equal(JobOutcome.Failed, result.Outcome);
        Assert.Empty(harness.GitHub.All);
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        var job = await harness.Jobs.GetAsync("linux-x64", 7, CancellationToken.None);
        Assert.Equal(JobState.Failed, job?.State);
        Assert.Equal("image not found", job?.Failure);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "ProvisioningFailed");
    }

    [Fact]
    public async Task Queued_UnitReleasedBeforeTheCreate_CreatesNoVmAndTheRetryClaimsAnew()
    {
        var capacity = new ContendedCapacity(new InMemoryCapacity());
        using var harness = new ProcessorHarness(capacity: capacity);
        capacity.ReleasedAfterFirstUpdate = "linux-x64-7";

        var lapsed = await Assert.ThrowsAsync<AdapterException>(() => harness.ProcessAsync(harness.Queued(7)));

        Assert.Equal((AdapterName.Table, FailureKind.Conflict), (lapsed.Adapter, lapsed.Kind));
        Assert.Empty(harness.Vms.Started);
        Assert.Empty(harness.GitHub.All);
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.Equal(JobState.Queued, (await harness.Jobs.GetAsync("linux-x64", 7, CancellationToken.None))?.State);

        var retried = await harness.ProcessAsync(harness.Queued(7));

        Assert.Equal(JobOutcome.Provisioned, retried.Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-7"));
        Assert.Equal(1, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task Queued_NoSizeAvailable_DefersAndLeavesNoRegistration()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.QuotaExceeded, "quota"));

        var result = await harness.ProcessAsync(harness.Queued(8));

        Assert.Equal(JobOutcome.Deferred, result.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.Single(harness.Queue.Deferred).Delay);
        Assert.Empty(harness.GitHub.All);
        Assert.Equal(JobState.Queued, (await harness.Jobs.GetAsync("linux-x64", 8, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task Queued_GitHubRateLimited_DefersUntilRetryAfterAndReleasesCapacity()
    {
        using var harness = new ProcessorHarness();
        harness.GitHub.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Throttled, "secondary rate limit", TimeSpan.FromSeconds(37)));

        var result = await harness.ProcessAsync(harness.Queued(9));

        Assert.Equal(JobOutcome.Deferred, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(37), Assert.Single(harness.Queue.Deferred).Delay);
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
    }

    [Fact]
    public async Task Queued_AzureThrottled_DefersUntilRetryAfter()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.Throttled, "429", TimeSpan.FromSeconds(12)));

        var result = await harness.ProcessAsync(harness.Queued(10));

        Assert.Equal(JobOutcome.Deferred, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(12), Assert.Single(harness.Queue.Deferred).Delay);
        Assert.Empty(harness.GitHub.All);
    }

    [Fact]
    public async Task Queued_GitHubTransientFailure_ThrowsForRetryThenConverges()
    {
        using var harness = new ProcessorHarness();
        harness.GitHub.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Transient, "502 Bad Gateway"));
        var message = harness.Queued(11);

        await Assert.ThrowsAsync<AdapterException>(() => harness.ProcessAsync(message));
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        var retried = await harness.ProcessAsync(message);

        Assert.Equal(JobOutcome.Provisioned, retried.Outcome);
        Assert.Equal(1, harness.Vms.Created);
    }

    [Fact]
    public async Task Queued_VmVanishedWhileBeingCreated_ThrowsForRetryAndLeavesNoRegistration()
    {
        using var harness = new ProcessorHarness();
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.NotFound, "404 ResourceNotFound"));
        var message = harness.Queued(16);

        await Assert.ThrowsAsync<AdapterException>(() => harness.ProcessAsync(message));
        Assert.Empty(harness.GitHub.All);
        var retried = await harness.ProcessAsync(message);

        Assert.Equal(JobOutcome.Provisioned, retried.Outcome);
    }

    [Fact]
    public async Task Queued_RegistrationLeftByCrashedAttempt_IsReplaced()
    {
        using var harness = new ProcessorHarness();
        var message = harness.Queued(12);
        await harness.GitHub.GenerateJitConfigAsync(RunnerTarget.For(harness.Pools[0]), "linux-x64-12", ["self-hosted"], 1, CancellationToken.None);

        var result = await harness.ProcessAsync(message);

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        var runner = Assert.Single(harness.GitHub.All);
        Assert.Equal(runner.Id, (await harness.Capacity.GetRunnerAsync("linux-x64", "linux-x64-12", CancellationToken.None))?.RunnerId);
    }

    [Fact]
    public async Task Queued_LeaseHeldByAnotherProcessor_DefersUntilItExpires()
    {
        using var harness = new ProcessorHarness();
        var now = harness.Clock.GetUtcNow();
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 13, State = JobState.Provisioning, LeaseUntil = now.AddMinutes(2) }, CancellationToken.None);

        var result = await harness.ProcessAsync(harness.Queued(13));

        Assert.Equal(JobOutcome.Deferred, result.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1), Assert.Single(harness.Queue.Deferred).Delay);
        Assert.Equal(0, harness.Vms.Created);
    }

    [Fact]
    public async Task Queued_LeaseOfCrashedProcessorExpired_IsTakenOver()
    {
        using var harness = new ProcessorHarness();
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 14, State = JobState.Provisioning, LeaseUntil = harness.Clock.GetUtcNow().AddMinutes(2) }, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(3));

        var result = await harness.ProcessAsync(harness.Queued(14));

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
    }

    [Fact]
    public async Task Process_UnknownPool_DropsWithErrorLog()
    {
        using var harness = new ProcessorHarness();

        var result = await harness.ProcessAsync(harness.Queued(15, pool: "removed"));

        Assert.Equal(JobOutcome.Dropped, result.Outcome);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "UnknownPool");
    }

    [Fact]
    public async Task Queued_PoolSettings_VmRequestCarriesEverythingTheVmIsMadeOf()
    {
        const string key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ4Lm6ZnO0q1R3pNq0mD4s0c9yXbY5Vv7nU2k8H3fW1x ops@contoso";
        using var harness = new ProcessorHarness(values =>
        {
            values["Scaler:Pools:0:VmSizes:1"] = "Standard_D4ads_v5";
            values["Scaler:Pools:0:Image"] = "Canonical:ubuntu-24_04-lts:server-arm64:latest";
            values["Scaler:Pools:0:Spot"] = "true";
            values["Scaler:Pools:0:OsDiskSizeGb"] = "128";
            values["Scaler:Pools:0:SshPublicKey"] = key;
        });
        var pool = harness.Pools[0];

        await harness.ProcessAsync(harness.Queued(17));

        var request = Assert.Single(harness.Vms.Requests);
        Assert.Equal((pool.ScaleSetId, pool.SubnetId), (request.ScaleSetId, request.SubnetId));
        Assert.Equal(["Standard_D2ads_v5", "Standard_D4ads_v5"], request.Sizes);
        Assert.Equal(("Canonical:ubuntu-24_04-lts:server-arm64:latest", true, 128, key), (request.Image, request.Spot, request.OsDiskSizeGb, request.SshPublicKey));
    }

    [Fact]
    public async Task Queued_StorageFailsAfterVmCreated_LeavesJobQueuedAndThrowsForRetry()
    {
        var capacity = new ContendedCapacity(new InMemoryCapacity()) { GetFailure = new AdapterException(AdapterName.Table, FailureKind.Unauthorized, "storage answered 403 (AuthorizationPermissionMismatch) for table runners") };
        using var harness = new ProcessorHarness(capacity: capacity);
        var message = harness.Queued(18);

        var error = await Assert.ThrowsAsync<AdapterException>(() => harness.ProcessAsync(message));

        Assert.Equal(AdapterName.Table, error.Adapter);
        Assert.Equal(JobState.Queued, (await harness.Jobs.GetAsync("linux-x64", 18, CancellationToken.None))?.State);
        Assert.Equal(0, await harness.Capacity.CountAsync("linux-x64", CancellationToken.None));
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Id.Name == "ProvisioningFailed");
        Assert.Equal(JobOutcome.Provisioned, (await harness.ProcessAsync(message)).Outcome);
    }

    [Fact]
    public async Task Queued_NewJob_HoldsTheLeaseForLeaseDurationWhileItsVmIsMade()
    {
        using var harness = new ProcessorHarness();
        var now = harness.Clock.GetUtcNow();
        Task<JobRecord?>? whileCreating = null;
        harness.Vms.BeforeCreate = _ => whileCreating = harness.Jobs.GetAsync("linux-x64", 19, CancellationToken.None);

        var result = await harness.ProcessAsync(harness.Queued(19));

        var leased = await whileCreating!;
        Assert.Equal((JobState.Provisioning, now + TimeSpan.FromMinutes(10), "linux-x64-19"), (leased?.State, leased?.LeaseUntil, leased?.VmName));
        var done = await harness.Jobs.GetAsync("linux-x64", 19, CancellationToken.None);
        Assert.Equal((JobState.Provisioned, (DateTimeOffset?)null), (done?.State, done?.LeaseUntil));
        Assert.Equal((JobOutcome.Provisioned, "VM linux-x64-19 requested (Standard_D2ads_v5, spot False)"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Queued_LeaseEndsThisInstant_IsTakenOver()
    {
        using var harness = new ProcessorHarness();
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 20, State = JobState.Provisioning, LeaseUntil = harness.Clock.GetUtcNow() }, CancellationToken.None);

        var result = await harness.ProcessAsync(harness.Queued(20));

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
    }

    [Fact]
    public async Task Queued_LeaseHeldByAnotherProcessor_SaysSo()
    {
        using var harness = new ProcessorHarness();
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 21, State = JobState.Provisioning, LeaseUntil = harness.Clock.GetUtcNow().AddSeconds(1) }, CancellationToken.None);

        var result = await harness.ProcessAsync(harness.Queued(21));

        Assert.Equal((JobOutcome.Deferred, "another processor is provisioning it"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Queued_PoolFull_SaysHowManyRunnersTheLimitIs()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:MaxRunners"] = "1");
        await harness.ProcessAsync(harness.Queued(1));

        var full = await harness.ProcessAsync(harness.Queued(2));

        Assert.Equal("pool full (1 runners)", full.Detail);
        var job = await harness.Jobs.GetAsync("linux-x64", 2, CancellationToken.None);
        Assert.Equal((JobState.Queued, (DateTimeOffset?)null), (job?.State, job?.LeaseUntil));
    }

    [Fact]
    public async Task Queued_JobRecordContendedOnEveryAttempt_DefersAfterFiveAttempts()
    {
        var store = new ContendedJobStore(new InMemoryJobStore()) { ConflictEveryUpdate = true };
        using var harness = new ProcessorHarness(jobs: store);
        await store.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 22 }, CancellationToken.None);

        var result = await harness.ProcessAsync(harness.Queued(22));

        Assert.Equal((JobOutcome.Deferred, "the job record is contended"), (result.Outcome, result.Detail));
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(harness.Queue.Deferred).Delay);
        Assert.Equal(5, store.Updates);
        Assert.Equal(0, harness.Vms.Created);
    }

    [Fact]
    public async Task Queued_JobRecordNeitherReadNorAdded_DefersAfterFiveAttempts()
    {
        var store = new ContendedJobStore(new InMemoryJobStore()) { ConflictEveryUpdate = true, AddsLost = true };
        using var harness = new ProcessorHarness(jobs: store);

        var result = await harness.ProcessAsync(harness.Queued(23));

        Assert.Equal((JobOutcome.Deferred, "the job record is contended"), (result.Outcome, result.Detail));
        Assert.Equal((5, 0), (store.Adds, store.Updates));
        Assert.Equal(0, harness.Vms.Created);
    }

    [Fact]
    public async Task Queued_RecordWithoutVisibility_TakesTheMessagesVisibility()
    {
        using var harness = new ProcessorHarness();
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 24, Repository = "contoso/api" }, CancellationToken.None);

        await harness.ProcessAsync(harness.Queued(24) with { Visibility = RepositoryVisibility.Internal });

        Assert.Equal(RepositoryVisibility.Internal, (await harness.Jobs.GetAsync("linux-x64", 24, CancellationToken.None))?.Visibility);
    }

    [Fact]
    public async Task Queued_RecordAndMessageDisagreeOnVisibility_TheRecordDecides()
    {
        // The default runner group does not allow public repositories: a public visibility would fail the job.
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:AllowPublicRepositories"] = "true");
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 25, Repository = "contoso/api", Visibility = RepositoryVisibility.Private }, CancellationToken.None);

        var result = await harness.ProcessAsync(harness.Queued(25) with { Visibility = RepositoryVisibility.Public });

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.Equal(RepositoryVisibility.Private, (await harness.Jobs.GetAsync("linux-x64", 25, CancellationToken.None))?.Visibility);
    }

    [Theory]
    [InlineData(AdapterName.GitHub, FailureKind.Throttled, 60, "GitHub rate limit")]
    [InlineData(AdapterName.Compute, FailureKind.Throttled, 30, "Azure throttling")]
    [InlineData(AdapterName.GitHub, FailureKind.CapacityUnavailable, 60, "runner group full")]
    [InlineData(AdapterName.Compute, FailureKind.CapacityUnavailable, 60, "no VM size available (CapacityUnavailable)")]
    [InlineData(AdapterName.Compute, FailureKind.QuotaExceeded, 60, "no VM size available (QuotaExceeded)")]
    [InlineData(AdapterName.Compute, FailureKind.SkuNotAvailable, 60, "no VM size available (SkuNotAvailable)")]
    public async Task Queued_FailureWithoutRetryAfter_DefersByItsKindsDelayAndSaysWhy(AdapterName adapter, FailureKind kind, int seconds, string reason)
    {
        using var harness = new ProcessorHarness();
        var failure = new AdapterException(adapter, kind, "refused");
        if (adapter == AdapterName.GitHub)
        {
            harness.GitHub.FailNext(failure);
        }
        else
        {
            harness.Vms.FailNext(failure);
        }

        var result = await harness.ProcessAsync(harness.Queued(26));

        Assert.Equal((JobOutcome.Deferred, reason), (result.Outcome, result.Detail));
        Assert.Equal(TimeSpan.FromSeconds(seconds), Assert.Single(harness.Queue.Deferred).Delay);
        var job = await harness.Jobs.GetAsync("linux-x64", 26, CancellationToken.None);
        Assert.Equal((JobState.Queued, (DateTimeOffset?)null), (job?.State, job?.LeaseUntil));
    }

    [Fact]
    public async Task Queued_GitHubNotFound_FailsTheJobWithTheErrorsMessage()
    {
        using var harness = new ProcessorHarness();
        harness.GitHub.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.NotFound, "runner group 1 not found"));

        var result = await harness.ProcessAsync(harness.Queued(27));

        Assert.Equal((JobOutcome.Failed, "runner group 1 not found"), (result.Outcome, result.Detail));
        var job = await harness.Jobs.GetAsync("linux-x64", 27, CancellationToken.None);
        Assert.Equal((JobState.Failed, (DateTimeOffset?)null, "runner group 1 not found"), (job?.State, job?.LeaseUntil, job?.Failure));
    }
}
