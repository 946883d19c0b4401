using Scaler.Core.State;

namespace Scaler.Core.Tests.State;

/// <summary>What every <see cref="ICapacity"/> must do; run on Table storage (Azurite) and on the in-memory fake.</summary>
public abstract class CapacityContract
{
    protected string Pool { get; } = "p" + Guid.NewGuid().ToString("N")[..12];

    protected abstract ICapacity Create();

    [Fact]
    public async Task Claim_UpToMax_ThenPoolFull()
    {
        var capacity = Create();

        var first = await capacity.ClaimAsync(Pool, "vm-1", 1, maxRunners: 2, CancellationToken.None);
        var second = await capacity.ClaimAsync(Pool, "vm-2", 2, maxRunners: 2, CancellationToken.None);
        var third = await capacity.ClaimAsync(Pool, "vm-3", 3, maxRunners: 2, CancellationToken.None);

        Assert.Equal([ClaimResult.Claimed, ClaimResult.Claimed, ClaimResult.PoolFull], [first, second, third]);
        Assert.Equal(2, await capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task Claim_SameVmTwice_HoldsOneUnit()
    {
        var capacity = Create();

        await capacity.ClaimAsync(Pool, "vm-1", 1, 5, CancellationToken.None);
        var again = await capacity.ClaimAsync(Pool, "vm-1", 1, 5, CancellationToken.None);

        Assert.Equal(ClaimResult.AlreadyHeld, again);
        Assert.Equal(1, await capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task Release_Twice_GivesBackOneUnit()
    {
        var capacity = Create();
        await capacity.ClaimAsync(Pool, "vm-1", 1, 5, CancellationToken.None);
        await capacity.ClaimAsync(Pool, "vm-2", 2, 5, CancellationToken.None);

        var first = await capacity.ReleaseAsync(Pool, "vm-1", CancellationToken.None);
        var second = await capacity.ReleaseAsync(Pool, "vm-1", CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, await capacity.CountAsync(Pool, CancellationToken.None));
        Assert.Equal(["vm-2"], (await capacity.ListRunnersAsync(Pool, CancellationToken.None)).Select(r => r.VmName));
    }

    [Fact]
    public async Task ReleaseIfUnchanged_RowChangedSinceItWasRead_IsRefusedAndKeepsTheUnit()
    {
        var capacity = Create();
        await capacity.ClaimAsync(Pool, "vm-1", 1, 5, CancellationToken.None);
        var read = (await capacity.GetRunnerAsync(Pool, "vm-1", CancellationToken.None))!;
        await capacity.TryUpdateRunnerAsync(read with { State = RunnerState.Created }, CancellationToken.None);

        var released = await capacity.ReleaseIfUnchangedAsync(Pool, "vm-1", read.ETag, CancellationToken.None);

        Assert.False(released);
        Assert.Equal(1, await capacity.CountAsync(Pool, CancellationToken.None));
        Assert.Equal(RunnerState.Created, (await capacity.GetRunnerAsync(Pool, "vm-1", CancellationToken.None))?.State);
    }

    [Fact]
    public async Task ReleaseIfUnchanged_RowAsRead_GivesBackItsUnitOnce()
    {
        var capacity = Create();
        await capacity.ClaimAsync(Pool, "vm-1", 1, 5, CancellationToken.None);
        await capacity.ClaimAsync(Pool, "vm-2", 2, 5, CancellationToken.None);
        var read = (await capacity.GetRunnerAsync(Pool, "vm-1", CancellationToken.None))!;

        var first = await capacity.ReleaseIfUnchangedAsync(Pool, "vm-1", read.ETag, CancellationToken.None);
        var second = await capacity.ReleaseIfUnchangedAsync(Pool, "vm-1", read.ETag, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, await capacity.CountAsync(Pool, CancellationToken.None));
        Assert.Equal(["vm-2"], (await capacity.ListRunnersAsync(Pool, CancellationToken.None)).Select(r => r.VmName));
    }

    [Fact]
    public async Task ReleaseUnlessCreateStartedSince_RowChangedOtherwise_GivesBackItsUnit()
    {
        var capacity = Create();
        await capacity.ClaimAsync(Pool, "vm-1", 1, 5, CancellationToken.None);
        var read = (await capacity.GetRunnerAsync(Pool, "vm-1", CancellationToken.None))!;
        await capacity.TryUpdateRunnerAsync(read with { State = RunnerState.Created, RunnerId = 9 }, CancellationToken.None);

        Assert.True(await capacity.ReleaseUnlessCreateStartedSinceAsync(read, CancellationToken.None));

        Assert.Equal(0, await capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(0, true)]
    public async Task ReleaseUnlessCreateStartedSince_CreateStartedSince_KeepsTheUnit(int sizeIndex, bool spot)
    {
        var capacity = Create();
        await capacity.ClaimAsync(Pool, "vm-1", 1, 5, CancellationToken.None);
        var read = (await capacity.GetRunnerAsync(Pool, "vm-1", CancellationToken.None))!;
        var first = read with { CreateSizeIndex = 0, CreateSpot = false, CreateStartedAt = read.ClaimedAt };
        await capacity.TryUpdateRunnerAsync(first, CancellationToken.None);
        read = (await capacity.GetRunnerAsync(Pool, "vm-1", CancellationToken.None))!;
        await capacity.TryUpdateRunnerAsync(read with { CreateSizeIndex = sizeIndex, CreateSpot = spot }, CancellationToken.None);

        Assert.False(await capacity.ReleaseUnlessCreateStartedSinceAsync(read, CancellationToken.None));

        Assert.Equal(1, await capacity.CountAsync(Pool, CancellationToken.None));
    }

    [Fact]
    public async Task TryUpdateRunner_StaleETag_IsRefused()
    {
        var capacity = Create();
        await capacity.ClaimAsync(Pool, "vm-1", 1, 5, CancellationToken.None);
        var record = (await capacity.GetRunnerAsync(Pool, "vm-1", CancellationToken.None))!;

        var first = await capacity.TryUpdateRunnerAsync(record with { State = RunnerState.Created, RunnerId = 9 }, CancellationToken.None);
        var stale = await capacity.TryUpdateRunnerAsync(record with { State = RunnerState.Busy }, CancellationToken.None);

        Assert.True(first);
        Assert.False(stale);
        var stored = await capacity.GetRunnerAsync(Pool, "vm-1", CancellationToken.None);
        Assert.Equal(RunnerState.Created, stored?.State);
        Assert.Equal(9, stored?.RunnerId);
    }

    [Fact]
    public async Task Claim_EightClaimersRacingFor50Vms_NeverExceedMax()
    {
        var capacity = Create();
        var names = new System.Collections.Concurrent.ConcurrentQueue<string>(Enumerable.Range(0, 50).Select(i => $"vm-{i}"));
        var claimed = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (names.TryDequeue(out var name))
            {
                if (await capacity.ClaimAsync(Pool, name, 0, maxRunners: 10, CancellationToken.None) == ClaimResult.Claimed)
                {
                    claimed.Add(name);
                }
            }
        })));

        Assert.Equal(10, claimed.Count);
        Assert.Equal(10, await capacity.CountAsync(Pool, CancellationToken.None));
        Assert.Equal(10, (await capacity.ListRunnersAsync(Pool, CancellationToken.None)).Count);
    }
}

public class InMemoryCapacityTests : CapacityContract
{
    protected override ICapacity Create() => new Fakes.InMemoryCapacity();
}

public class TableCapacityTests : CapacityContract
{
    [Fact]
    public async Task TryUpdateRunner_NullRecord_ThrowsNamingItBeforeTouchingTheTable()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => Create().TryUpdateRunnerAsync(null!, CancellationToken.None));

        Assert.Equal("record", error.ParamName);
    }

    protected override ICapacity Create() =>
        new TableCapacity(new LazyTable(new Azure.Data.Tables.TableClient(Scaler.Tests.Shared.Azurite.ConnectionString, TableCapacity.TableName)), TimeProvider.System);
}
