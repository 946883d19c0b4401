using Azure.Data.Tables;
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
            State = JobState.Completed, Repository = "contoso/api", RunId = 1L << 35, InstallationId = 23154469, VmName = "linux-x64-42", RunnerName = "linux-x64-41",
            LeaseUntil = at, CreatedAt = at, StartedAt = at.AddSeconds(5), CompletedAt = at.AddMinutes(2), Conclusion = "success", Failure = "none",
        };

        var updated = await store.TryUpdateAsync(change, CancellationToken.None);
        var stale = await store.TryUpdateAsync(change with { State = JobState.Failed }, CancellationToken.None);
        var read = await store.GetAsync(pool, 42, CancellationToken.None);

        Assert.NotNull(updated);
        Assert.Null(stale);
        Assert.Equal(change with { ETag = read!.ETag }, read);
    }
}
