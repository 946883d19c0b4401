using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Scaler.Core.State;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.State;

/// <summary>
/// <see cref="TableCapacity"/> under contention it never wins (Azurite): another writer changes the pool's counter
/// between every read and every transaction, so each transaction is refused with 412. A claim or a release tries a
/// bounded number of times, then fails, and leaves the counter and the runner rows as they were.
/// </summary>
public sealed class TableCapacityContentionTests
{
    private const int MaxAttempts = 50;
    private readonly string pool = "p" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task ClaimAsync_EveryTransactionLosesTheRace_GivesUpAfterFiftyAttemptsAndChangesNothing()
    {
        var (capacity, contender) = Contended();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => capacity.ClaimAsync(pool, "vm-1", 1, 5, CancellationToken.None));

        Assert.Contains($"after {MaxAttempts} attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(MaxAttempts, contender.Transactions);
        var plain = Plain();
        Assert.Equal(0, await plain.CountAsync(pool, CancellationToken.None));
        Assert.Empty(await plain.ListRunnersAsync(pool, CancellationToken.None));
    }

    [Fact]
    public async Task ReleaseAsync_EveryTransactionLosesTheRace_GivesUpAfterFiftyAttemptsAndChangesNothing()
    {
        var plain = Plain();
        await plain.ClaimAsync(pool, "vm-1", 1, 5, CancellationToken.None);
        var (capacity, contender) = Contended();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => capacity.ReleaseAsync(pool, "vm-1", CancellationToken.None));

        Assert.Contains($"after {MaxAttempts} attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(MaxAttempts, contender.Transactions);
        Assert.Equal(1, await plain.CountAsync(pool, CancellationToken.None));
        Assert.Equal(["vm-1"], (await plain.ListRunnersAsync(pool, CancellationToken.None)).Select(r => r.VmName));
    }

    [Fact]
    public async Task ClaimAsync_OneLostRace_TriesAgainAndClaimsOnce()
    {
        var (capacity, contender) = Contended(losses: 1);

        var result = await capacity.ClaimAsync(pool, "vm-1", 1, 5, CancellationToken.None);

        Assert.Equal(ClaimResult.Claimed, result);
        Assert.Equal(2, contender.Transactions);
        Assert.Equal(1, await Plain().CountAsync(pool, CancellationToken.None));
    }

    [Fact]
    public async Task ReleaseAsync_OneLostRace_TriesAgainAndReleasesOnce()
    {
        var plain = Plain();
        await plain.ClaimAsync(pool, "vm-1", 1, 5, CancellationToken.None);
        await plain.ClaimAsync(pool, "vm-2", 2, 5, CancellationToken.None);
        var (capacity, contender) = Contended(losses: 1);

        Assert.True(await capacity.ReleaseAsync(pool, "vm-1", CancellationToken.None));

        Assert.Equal(2, contender.Transactions);
        Assert.Equal(1, await plain.CountAsync(pool, CancellationToken.None));
    }

    private static TableClient Client(Contender? contender = null) =>
        new(Azurite.ConnectionString, TableCapacity.TableName, contender is null ? new TableClientOptions() : new TableClientOptions { Transport = new HttpClientTransport(new HttpClient(contender)) });

    private static TableCapacity Plain() => new(new LazyTable(Client()), TimeProvider.System);

    private (TableCapacity Capacity, Contender Contender) Contended(int losses = int.MaxValue)
    {
        var contender = new Contender(Client(), pool, losses) { InnerHandler = new HttpClientHandler() };
        return (new TableCapacity(new LazyTable(Client(contender)), TimeProvider.System), contender);
    }

    /// <summary>Before each of the first <c>losses</c> transactions, rewrites the pool's counter as another processor would.</summary>
    private sealed class Contender(TableClient other, string pool, int losses) : DelegatingHandler
    {
        public int Transactions { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("$batch", StringComparison.Ordinal))
            {
                Transactions++;
                if (Transactions <= losses)
                {
                    var counter = (await other.GetEntityAsync<TableEntity>(pool, TableCapacity.CounterRow, cancellationToken: cancellationToken)).Value;
                    await other.UpdateEntityAsync(counter, ETag.All, TableUpdateMode.Replace, cancellationToken);
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
