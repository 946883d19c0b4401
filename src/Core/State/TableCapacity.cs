using Azure;
using Azure.Data.Tables;

namespace Scaler.Core.State;

/// <summary>
/// Capacity in the <c>runners</c> table. Partition = pool; one row per runner VM and one counter row.
/// A claim is one entity-group transaction: replace the counter if its ETag still matches, and add the
/// runner row. A release deletes the runner row and decrements the counter, again in one transaction.
/// A lost race (412) is retried with fresh reads, so the counter stays exact and never passes the maximum.
/// </summary>
public sealed class TableCapacity(LazyTable table, TimeProvider time) : ICapacity
{
    public const string TableName = "runners";
    public const string CounterRow = "~capacity";
    private const int MaxAttempts = 50;

    public Task<ClaimResult> ClaimAsync(string pool, string vmName, long forJobId, int maxRunners, CancellationToken cancellationToken) =>
        table.RunAsync(
            async client =>
            {
                for (var attempt = 0; attempt < MaxAttempts; attempt++)
                {
                    if (await GetRunnerAsync(client, pool, vmName, cancellationToken) is not null)
                    {
                        return ClaimResult.AlreadyHeld;
                    }

                    var counter = await GetCounterAsync(client, pool, cancellationToken);
                    var count = counter.GetInt32("Count") ?? 0;
                    if (count >= maxRunners)
                    {
                        return ClaimResult.PoolFull;
                    }

                    counter["Count"] = count + 1;
                    var runner = RunnerRecords.ToEntity(new RunnerRecord { Pool = pool, VmName = vmName, ForJobId = forJobId, ClaimedAt = time.GetUtcNow() });
                    if (await TrySubmitAsync(client, [new(TableTransactionActionType.UpdateReplace, counter, counter.ETag), new(TableTransactionActionType.Add, runner)], cancellationToken))
                    {
                        return ClaimResult.Claimed;
                    }
                }

                throw new InvalidOperationException($"Could not claim capacity in pool {pool} after {MaxAttempts} attempts under contention.");
            },
            cancellationToken);

    public Task<bool> ReleaseAsync(string pool, string vmName, CancellationToken cancellationToken) => ReleaseAsync(pool, vmName, null, cancellationToken);

    public Task<bool> ReleaseIfUnchangedAsync(string pool, string vmName, string etag, CancellationToken cancellationToken) =>
        ReleaseAsync(pool, vmName, etag, cancellationToken);

    /// <summary>Deletes the row (if it still has <paramref name="etag"/>, when given) and decrements the counter in one transaction.</summary>
    private Task<bool> ReleaseAsync(string pool, string vmName, string? etag, CancellationToken cancellationToken) =>
        table.RunAsync(
            async client =>
            {
                for (var attempt = 0; attempt < MaxAttempts; attempt++)
                {
                    var runner = await client.GetEntityIfExistsAsync<TableEntity>(pool, vmName, cancellationToken: cancellationToken);
                    if (!runner.HasValue || (etag is not null && runner.Value!.ETag != new ETag(etag)))
                    {
                        return false;
                    }

                    var counter = await GetCounterAsync(client, pool, cancellationToken);
                    counter["Count"] = Math.Max(0, (counter.GetInt32("Count") ?? 0) - 1);
                    if (await TrySubmitAsync(client, [new(TableTransactionActionType.Delete, runner.Value!, runner.Value!.ETag), new(TableTransactionActionType.UpdateReplace, counter, counter.ETag)], cancellationToken))
                    {
                        return true;
                    }
                }

                throw new InvalidOperationException($"Could not release capacity of {vmName} in pool {pool} after {MaxAttempts} attempts under contention.");
            },
            cancellationToken);

    public Task<RunnerRecord?> GetRunnerAsync(string pool, string vmName, CancellationToken cancellationToken) =>
        table.RunAsync(client => GetRunnerAsync(client, pool, vmName, cancellationToken), cancellationToken);

    public Task<bool> TryUpdateRunnerAsync(RunnerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return table.RunAsync(
            async client =>
            {
                try
                {
                    await client.UpdateEntityAsync(RunnerRecords.ToEntity(record), new ETag(record.ETag), TableUpdateMode.Replace, cancellationToken);
                    return true;
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                    return false;
                }
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(string pool, CancellationToken cancellationToken) =>
        table.RunAsync<IReadOnlyList<RunnerRecord>>(
            async client =>
            {
                var records = new List<RunnerRecord>();
                await foreach (var entity in client.QueryAsync<TableEntity>(e => e.PartitionKey == pool, cancellationToken: cancellationToken))
                {
                    if (entity.RowKey != CounterRow)
                    {
                        records.Add(RunnerRecords.FromEntity(entity));
                    }
                }

                return records;
            },
            cancellationToken);

    public Task<int> CountAsync(string pool, CancellationToken cancellationToken) =>
        table.RunAsync(async client => (await GetCounterAsync(client, pool, cancellationToken)).GetInt32("Count") ?? 0, cancellationToken);

    private static async Task<RunnerRecord?> GetRunnerAsync(TableClient client, string pool, string vmName, CancellationToken cancellationToken)
    {
        var found = await client.GetEntityIfExistsAsync<TableEntity>(pool, vmName, cancellationToken: cancellationToken);
        return found.HasValue ? RunnerRecords.FromEntity(found.Value!) : null;
    }

    private static async Task<TableEntity> GetCounterAsync(TableClient client, string pool, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = await client.GetEntityIfExistsAsync<TableEntity>(pool, CounterRow, cancellationToken: cancellationToken);
            if (found.HasValue)
            {
                return found.Value!;
            }

            try
            {
                await client.AddEntityAsync(new TableEntity(pool, CounterRow) { ["Count"] = 0 }, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Another processor created it first; read theirs.
            }
        }
    }

    private static async Task<bool> TrySubmitAsync(TableClient client, TableTransactionAction[] actions, CancellationToken cancellationToken)
    {
        try
        {
            await client.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }
}
