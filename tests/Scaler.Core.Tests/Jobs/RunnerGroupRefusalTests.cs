using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Jobs;

/// <summary>A job the pool's runner group will never give its runners gets no VM; the group is read once per few minutes.</summary>
public class RunnerGroupRefusalTests
{
    private const string Pool = "linux-x64";

    [Fact]
    public async Task Queued_RepositoryOutsideTheGroupsSelection_GetsNoVmAndIsFailed()
    {
        using var harness = new ProcessorHarness();
        harness.GitHub.RunnerGroups[("orgs/contoso", 1)] = new RunnerGroupAccess(1, "Default", RunnerGroupVisibility.Selected, false, ["contoso/web"]);

        var result = await harness.ProcessAsync(harness.Queued(1));

        Assert.Equal(JobOutcome.Failed, result.Outcome);
        Assert.Equal((0, 0), (harness.Vms.Created, harness.GitHub.JitCalls));
        Assert.Equal(0, await harness.Capacity.CountAsync(Pool, CancellationToken.None));
        var job = await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None);
        Assert.Equal(JobState.Failed, job?.State);
        Assert.Contains("does not include repository contoso/api", job?.Failure, StringComparison.Ordinal);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "JobRefusedByRunnerGroup");
    }

    [Fact]
    public async Task Queued_PublicRepositoryAndAGroupWithoutPublicRepositories_GetsNoVm()
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:AllowPublicRepositories"] = "true");

        var result = await harness.ProcessAsync(harness.Queued(1) with { Visibility = RepositoryVisibility.Public });

        Assert.Equal(JobOutcome.Failed, result.Outcome);
        Assert.Equal(0, harness.Vms.Created);
        Assert.Contains("does not allow public repositories", (await harness.Jobs.GetAsync(Pool, 1, CancellationToken.None))?.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RunnerGroupVisibility.All, false, RepositoryVisibility.Private)]
    [InlineData(RunnerGroupVisibility.Private, false, RepositoryVisibility.Internal)]
    [InlineData(RunnerGroupVisibility.Selected, false, RepositoryVisibility.Private)]
    [InlineData(RunnerGroupVisibility.All, true, RepositoryVisibility.Public)]
    public async Task Queued_GroupServesTheRepository_GetsItsVm(RunnerGroupVisibility groupVisibility, bool allowsPublic, RepositoryVisibility visibility)
    {
        using var harness = new ProcessorHarness(v => v["Scaler:Pools:0:AllowPublicRepositories"] = "true");
        harness.GitHub.RunnerGroups[("orgs/contoso", 1)] = new RunnerGroupAccess(1, "Default", groupVisibility, allowsPublic, ["contoso/api"]);

        var result = await harness.ProcessAsync(harness.Queued(1) with { Visibility = visibility });

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.True(harness.Vms.Exists("linux-x64-1"));
    }

    [Fact]
    public async Task Queued_GroupCannotBeRead_ProvisionsAndLogs()
    {
        using var harness = new ProcessorHarness();
        harness.GitHub.RunnerGroups[("orgs/contoso", 1)] = new RunnerGroupAccess(1, "Default", RunnerGroupVisibility.Selected, false, []);
        harness.GitHub.RunnerGroupFailure = new AdapterException(AdapterName.GitHub, FailureKind.Transient, "502 Bad Gateway");

        var result = await harness.ProcessAsync(harness.Queued(1));

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "RunnerGroupUnread");
    }

    [Fact]
    public async Task Queued_ManyJobs_ReadTheGroupOnceUntilTheCacheExpires()
    {
        using var harness = new ProcessorHarness();
        harness.GitHub.RunnerGroups[("orgs/contoso", 1)] = new RunnerGroupAccess(1, "Default", RunnerGroupVisibility.Selected, false, ["contoso/api"]);

        await harness.ProcessAsync(harness.Queued(1));
        await harness.ProcessAsync(harness.Queued(2));
        var readsBefore = harness.GitHub.RunnerGroupReads;
        harness.GitHub.RunnerGroups[("orgs/contoso", 1)] = new RunnerGroupAccess(1, "Default", RunnerGroupVisibility.Selected, false, ["contoso/web"]);
        harness.Clock.Advance(RunnerGroupAccessCache.CacheFor + TimeSpan.FromSeconds(1));
        var third = await harness.ProcessAsync(harness.Queued(3));

        Assert.Equal((1, 2), (readsBefore, harness.GitHub.RunnerGroupReads));
        Assert.Equal(JobOutcome.Failed, third.Outcome);
    }

    [Fact]
    public async Task Queued_RepositoryScopePool_ReadsNoRunnerGroup()
    {
        using var harness = new ProcessorHarness();

        var result = await harness.ProcessAsync(harness.Queued(1, pool: "octocat"));

        Assert.Equal(JobOutcome.Provisioned, result.Outcome);
        Assert.Equal(0, harness.GitHub.RunnerGroupReads);
    }

    [Fact]
    public void FromRecord_Requeue_KeepsTheRepositorysVisibility()
    {
        var record = new JobRecord { Pool = Pool, JobId = 1, Repository = "contoso/api", Visibility = RepositoryVisibility.Internal };

        var message = JobMessages.FromRecord(record, JobAction.Queued, DateTimeOffset.UnixEpoch);

        Assert.Equal(RepositoryVisibility.Internal, message.Visibility);
    }
}
