using Scaler.Core.Convergence;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Convergence;

/// <summary>The jobs table keeps a week of jobs, swept once an hour from the reconciler.</summary>
public class JobRetentionTests
{
    [Fact]
    public async Task Reconcile_DeletesRecordsOfJobsCreatedMoreThanAWeekAgo_OnceAnHour()
    {
        using var harness = new ProcessorHarness();
        var now = harness.Clock.GetUtcNow();
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 1, State = JobState.Completed, CreatedAt = now - JobRetention.Retention - TimeSpan.FromMinutes(1) }, CancellationToken.None);
        await harness.Jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 2, State = JobState.Completed, CreatedAt = now - JobRetention.Retention + TimeSpan.FromMinutes(30) }, CancellationToken.None);

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        Assert.Null(await harness.Jobs.GetAsync("linux-x64", 1, CancellationToken.None));
        Assert.NotNull(await harness.Jobs.GetAsync("linux-x64", 2, CancellationToken.None));

        harness.Clock.Advance(TimeSpan.FromMinutes(59));
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        Assert.NotNull(await harness.Jobs.GetAsync("linux-x64", 2, CancellationToken.None));

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        Assert.Null(await harness.Jobs.GetAsync("linux-x64", 2, CancellationToken.None));
        Assert.Equal(2, harness.Logs.GetSnapshot().Count(r => r.Id.Name == "JobRecordsSwept"));
    }
}
