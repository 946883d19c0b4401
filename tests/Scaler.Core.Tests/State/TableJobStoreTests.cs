using Azure.Data.Tables;
using Scaler.Core.Pools;
using Scaler.Core.State;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.State;

public class TableJobStoreTests
{
    private readonly TableJobStore store = new(new LazyTable(new TableClient(Azurite.ConnectionString, TableJobStore.TableName)));
    private readonly string pool = "p" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task TryAdd_Twice_SecondReturnsNull()
    {
        var record = new JobRecord { Pool = pool, JobId = 1L << 40, Repository = "contoso/api" };

        var first = await store.TryAddAsync(record, CancellationToken.None);
        var second = await store.TryAddAsync(record, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
    }

    [Fact]
    public async Task TryUpdate_RoundTripsEveryField_AndRefusesStaleETag()
    {
        var added = (await store.TryAddAsync(new JobRecord { Pool = pool, JobId = 42 }, CancellationToken.None))!;
        var at = new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.Zero);
        var change = added with
        {
            State = JobState.Completed, Repository = "contoso/api", Visibility = RepositoryVisibility.Internal, RunId = 1L << 35, InstallationId = 23154469, VmName = "linux-x64-42", RunnerName = "linux-x64-41",
            LeaseUntil = at, CreatedAt = at, StartedAt = at.AddSeconds(5), CompletedAt = at.AddMinutes(2), Conclusion = "success", Failure = "none",
        };

        var updated = await store.TryUpdateAsync(change, CancellationToken.None);
        var stale = await store.TryUpdateAsync(change with { State = JobState.Failed }, CancellationToken.None);
        var read = await store.GetAsync(pool, 42, CancellationToken.None);

        Assert.NotNull(updated);
        Assert.Null(stale);
        Assert.Equal(change with { ETag = read!.ETag }, read);
    }

    [Fact]
    public async Task List_ReturnsThePoolsJobsInTheGivenStateOnly()
    {
        await store.TryAddAsync(new JobRecord { Pool = pool, JobId = 1, State = JobState.Provisioned }, CancellationToken.None);
        await store.TryAddAsync(new JobRecord { Pool = pool, JobId = 2, State = JobState.InProgress }, CancellationToken.None);
        await store.TryAddAsync(new JobRecord { Pool = pool, JobId = 3, State = JobState.Provisioned, VmName = "linux-x64-3" }, CancellationToken.None);
        await store.TryAddAsync(new JobRecord { Pool = pool + "x", JobId = 4, State = JobState.Provisioned }, CancellationToken.None);

        var provisioned = await store.ListAsync(pool, JobState.Provisioned, CancellationToken.None);

        Assert.Equal([1L, 3L], provisioned.Select(j => j.JobId).Order());
        Assert.Equal("linux-x64-3", provisioned.Single(j => j.JobId == 3).VmName);
        Assert.All(provisioned, j => Assert.NotEmpty(j.ETag));
    }

    [Fact]
    public async Task DeleteCreatedBefore_RemovesOldRecordsInBatches_AndKeepsNewerOnesAndOtherPools()
    {
        var cutoff = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        for (var id = 1; id <= 150; id++)
        {
            await store.TryAddAsync(new JobRecord { Pool = pool, JobId = id, State = JobState.Completed, CreatedAt = cutoff.AddDays(-1) }, CancellationToken.None);
        }

        await store.TryAddAsync(new JobRecord { Pool = pool, JobId = 151, State = JobState.Provisioned, CreatedAt = cutoff.AddMinutes(1) }, CancellationToken.None);
        await store.TryAddAsync(new JobRecord { Pool = pool + "x", JobId = 152, State = JobState.Completed, CreatedAt = cutoff.AddDays(-1) }, CancellationToken.None);

        var deleted = await store.DeleteCreatedBeforeAsync(pool, cutoff, CancellationToken.None);

        Assert.Equal(150, deleted);
        Assert.Null(await store.GetAsync(pool, 1, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(pool, 151, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(pool + "x", 152, CancellationToken.None));
    }
}
